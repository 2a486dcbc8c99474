import { rmSync } from "node:fs";

/**
 * Temporary files of atomic local writes still in progress. A process that
 * is interrupted (Ctrl-C, SIGTERM) removes them with
 * {@link removePartialFiles}, so that no half-written blob is left behind.
 */
const inProgress = new Set<string>();

export function trackPartial(path: string): string {
  inProgress.add(path);
  return path;
}

export function untrackPartial(path: string): void {
  inProgress.delete(path);
}

/** Removes every partial file still in progress; synchronous, for signal handlers. */
export function removePartialFiles(): number {
  let removed = 0;
  for (const path of inProgress) {
    rmSync(path, { force: true });
    inProgress.delete(path);
    removed++;
  }
  return removed;
}
