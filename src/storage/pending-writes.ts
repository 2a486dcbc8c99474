import type { AtomicWrite } from "./file-access.js";

/**
 * Every atomic write that has been opened but neither committed nor
 * aborted, across all FileAccess objects of the process, so that an
 * interrupted run can abort them: local partial files are removed and S3
 * multipart uploads are aborted instead of lingering on the server.
 */
const pending = new Set<AtomicWrite>();

/** Tracks `write` until its commit or abort settles. */
export function trackWrite(write: AtomicWrite): AtomicWrite {
  const untrack = <T>(promise: Promise<T>): Promise<T> =>
    promise.finally(() => pending.delete(tracked));
  const tracked: AtomicWrite = {
    uri: write.uri,
    stream: write.stream,
    commit: () => untrack(write.commit()),
    abort: () => untrack(write.abort()),
  };
  pending.add(tracked);
  return tracked;
}

/** Aborts every pending write; resolves with how many there were. */
export async function abortPendingWrites(): Promise<number> {
  const writes = [...pending];
  await Promise.allSettled(writes.map((write) => write.abort()));
  return writes.length;
}
