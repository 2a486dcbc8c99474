import type { FileAccess } from "../storage/files.js";
import type { Transfer } from "../storage/transfers.js";

/** Transfers shorter than this never show a bar: most runs print nothing extra. */
const SHOW_AFTER_MS = 1000;
const REFRESH_MS = 200;

function megabytes(bytes: number): string {
  return `${(bytes / 1_000_000).toFixed(1)} MB`;
}

/** One status line: direction, bytes so far, rate, and the URI (its end, when long). */
export function formatTransfers(
  transfers: readonly Transfer[],
  now: number,
  width: number,
): string {
  const parts = transfers.map((transfer) => {
    const seconds = Math.max((now - transfer.startedAt) / 1000, 0.001);
    const arrow = transfer.direction === "upload" ? "↑" : "↓";
    return `${arrow} ${megabytes(transfer.bytes)} at ${megabytes(transfer.bytes / seconds)}/s`;
  });
  const first = transfers[0];
  const more = transfers.length > 1 ? ` (+${transfers.length - 1} more)` : "";
  let line = `${parts[0] ?? ""}${more}  ${first?.uri ?? ""}`;
  if (line.length > width) line = `${line.slice(0, Math.max(0, width - 1))}…`;
  return line;
}

/**
 * Shows a one-line progress display on `terminal` for transfers that take
 * more than a moment, and only when it is a terminal: piped or redirected
 * output gets nothing. Returns a function that stops and clears it.
 */
export function startProgress(files: FileAccess, terminal: NodeJS.WriteStream): () => void {
  if (!terminal.isTTY) return () => {};
  files.transfers.watch();
  let shown = false;
  const timer = setInterval(() => {
    const now = Date.now();
    const slow = files.transfers.active().filter((t) => now - t.startedAt >= SHOW_AFTER_MS);
    if (slow.length === 0) {
      if (shown) terminal.write("\r\x1b[2K");
      shown = false;
      return;
    }
    terminal.write(`\r\x1b[2K${formatTransfers(slow, now, (terminal.columns || 80) - 1)}`);
    shown = true;
  }, REFRESH_MS);
  // The display never keeps the process alive on its own.
  timer.unref();
  return () => {
    clearInterval(timer);
    if (shown) terminal.write("\r\x1b[2K");
  };
}
