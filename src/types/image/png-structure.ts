/**
 * Walks a PNG file's chunk list without inflating anything, so that a file
 * cut short is refused when it is received rather than deep inside a task.
 * Only the 8-byte chunk headers are read; chunk data is skipped.
 * https://www.w3.org/TR/png/#5Chunk-layout
 */
import type { FileHandle } from "node:fs/promises";
import { FormatError } from "../../engine/errors.js";

/** Bytes read at a time; small chunks are served from one window. */
const WINDOW = 64 * 1024;

/** Chunk lengths above 2^31 - 1 are invalid (PNG spec, 5.3). */
const MAX_CHUNK_LENGTH = 0x7fffffff;

/** What the walk found. */
export interface PngChunkSummary {
  readonly chunkTypes: ReadonlySet<string>;
}

/**
 * Checks that every chunk from offset 8 on fits inside the file, that image
 * data is present and that IEND is reached; `name` goes into error messages.
 */
export async function walkPngChunks(file: FileHandle, name: string): Promise<PngChunkSummary> {
  const { size } = await file.stat();
  const window = new Uint8Array(WINDOW);
  let windowStart = 0;
  let windowEnd = 0;
  const types = new Set<string>();
  const fail = (code: string, reason: string) =>
    new FormatError(code, `cannot read image ${name}: ${reason}`, { uri: name });

  for (let offset = 8; ; ) {
    if (offset + 8 > size) {
      throw fail(
        "truncated",
        `the file ends at byte ${size} before the IEND chunk (last chunk header expected at ${offset})`,
      );
    }
    if (offset < windowStart || offset + 8 > windowEnd) {
      const { bytesRead } = await file.read(window, 0, WINDOW, offset);
      windowStart = offset;
      windowEnd = offset + bytesRead;
    }
    const at = offset - windowStart;
    const view = new DataView(window.buffer, at, 8);
    const length = view.getUint32(0);
    const type = String.fromCharCode(...window.subarray(at + 4, at + 8));
    if (length > MAX_CHUNK_LENGTH) {
      throw fail(
        "invalid_chunk",
        `chunk "${type}" at byte ${offset} claims ${length} bytes, above the 2^31-1 limit`,
      );
    }
    const next = offset + 12 + length;
    if (next > size) {
      throw fail(
        "truncated",
        `chunk "${type}" at byte ${offset} needs ${length + 12} bytes but the file ends at byte ${size}`,
      );
    }
    types.add(type);
    if (type === "IEND") break;
    offset = next;
  }
  if (!types.has("IDAT")) throw fail("truncated", "the file holds no IDAT (image data) chunk");
  return { chunkTypes: types };
}
