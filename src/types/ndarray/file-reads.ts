/**
 * Positioned reads from local files: whole ranges into fresh buffers, split
 * over a few concurrent reads when large.
 */
import { type FileHandle, open } from "node:fs/promises";
import { StorageError } from "../../engine/errors.js";
import { adviseHugePages } from "../../platform/kernel-hints.js";
import { npyError } from "./npy-header.js";

/** Largest single read; `fs` refuses reads above 2 GiB. */
const READ_CHUNK = 1 << 30;

/** Opens a local file, turning a failure into a StorageError that names `source`. */
export async function openFile(path: string, flags: string, source: string): Promise<FileHandle> {
  try {
    return await open(path, flags);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? String(error);
    const kind = code === "ENOENT" ? "not_found" : "io_error";
    const verb = flags === "r" ? "read" : "open";
    throw new StorageError(kind, `cannot ${verb} ${source}: ${code}`, {
      uri: source,
      cause: error,
    });
  }
}

/**
 * Concurrent reads for large data. Much of a big read's time goes to the
 * kernel faulting in the fresh buffer's pages: the buffer asks for huge
 * pages where it can (as NumPy's do), and reading disjoint parts from
 * several libuv threads spreads what faults remain over the cores.
 */
const PARALLEL_READS = 4;
const MIN_PARALLEL_PART = 16 << 20;

/** Reads `length` bytes at `position` into a new buffer of its own. */
export async function readAt(
  handle: FileHandle,
  position: number,
  length: number,
  signal: AbortSignal | undefined,
  source: string,
): Promise<Uint8Array> {
  const out = new Uint8Array(length);
  adviseHugePages(out);
  const parts = Math.max(1, Math.min(PARALLEL_READS, Math.floor(length / MIN_PARALLEL_PART)));
  const partLength = Math.ceil(length / parts);
  const filled = await Promise.all(
    Array.from({ length: parts }, (_, i) => {
      const start = i * partLength;
      const part = out.subarray(start, Math.min(length, start + partLength));
      return readInto(handle, part, position + start, signal);
    }),
  );
  const short = filled.findIndex((n, i) => n < Math.min(partLength, length - i * partLength));
  if (short >= 0) {
    // Only when the file shrinks between stat and read: sizes were checked before.
    const end = position + short * partLength + filled[short]!;
    const reason = `file ended at byte ${end}, expected ${position + length}`;
    throw npyError(position === 0 ? "truncated_header" : "truncated_data", source, reason);
  }
  return out;
}

/** Fills `target` from the file at `position`; returns how many bytes it got. */
export async function readInto(
  handle: FileHandle,
  target: Uint8Array,
  position: number,
  signal: AbortSignal | undefined,
): Promise<number> {
  let filled = 0;
  while (filled < target.length) {
    signal?.throwIfAborted();
    const want = Math.min(READ_CHUNK, target.length - filled);
    const { bytesRead } = await handle.read(target, filled, want, position + filled);
    if (bytesRead === 0) break;
    filled += bytesRead;
  }
  return filled;
}
