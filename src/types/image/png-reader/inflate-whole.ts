/**
 * Inflates a PNG's image data on libuv's threadpool into one buffer of
 * exactly the size IHDR implies (plus one byte, to notice more), so that the
 * rows can then be decoded in place and nothing else of that size is
 * allocated.
 */
import { createInflate } from "node:zlib";
import { describeError } from "../../../engine/errors.js";

/** What inflating gave: the data, or why there is none. */
export type Inflated =
  | { readonly kind: "data"; readonly bytes: Uint8Array }
  | { readonly kind: "too_much" }
  | { readonly kind: "zlib"; readonly reason: string };

/**
 * Inflates `compressed` (one zlib stream, in pieces: the IDAT chunks, not
 * joined), which should hold `expected` bytes.
 */
export function inflateWhole(
  compressed: readonly Uint8Array[],
  expected: number,
): Promise<Inflated> {
  return new Promise((resolve) => {
    // zlib takes no output buffer smaller than 64 bytes.
    const inflate = createInflate({ chunkSize: Math.max(64, expected + 1) });
    const pieces: Uint8Array[] = [];
    let total = 0;
    let settled = false;
    const settle = (result: Inflated) => {
      if (settled) return;
      settled = true;
      if (result.kind !== "data") inflate.destroy();
      resolve(result);
    };
    inflate.on("data", (piece: Uint8Array) => {
      total += piece.length;
      if (total > expected) settle({ kind: "too_much" });
      pieces.push(piece);
    });
    inflate.on("end", () => settle({ kind: "data", bytes: joined(pieces, total) }));
    inflate.on("error", (error) => settle({ kind: "zlib", reason: describeError(error) }));
    for (const batch of batches(compressed)) inflate.write(batch);
    inflate.end();
  });
}

/**
 * Each write to zlib is a trip to the threadpool and back: small IDAT
 * chunks (libpng writes 8 KiB ones) are joined into batches of at least this
 * many bytes first.
 */
const BATCH = 256 * 1024;

/** `pieces` with runs of small ones joined into batches of about {@link BATCH} bytes. */
function* batches(pieces: readonly Uint8Array[]): Generator<Uint8Array> {
  let run: Uint8Array[] = [];
  let runBytes = 0;
  for (const piece of pieces) {
    run.push(piece);
    runBytes += piece.length;
    if (runBytes >= BATCH) {
      yield joined(run, runBytes);
      run = [];
      runBytes = 0;
    }
  }
  if (run.length > 0) yield joined(run, runBytes);
}

/**
 * The pieces as one array, copied only when they are not already side by
 * side in one buffer (zlib writes the output of each input after the
 * last, in the same buffer).
 */
function joined(pieces: readonly Uint8Array[], total: number): Uint8Array {
  const first = pieces[0];
  if (first === undefined) return new Uint8Array(0);
  let next = first.byteOffset;
  const contiguous = pieces.every((piece) => {
    const fits = piece.buffer === first.buffer && piece.byteOffset === next;
    next += piece.length;
    return fits;
  });
  if (contiguous) return new Uint8Array(first.buffer, first.byteOffset, total);
  const out = new Uint8Array(total);
  let at = 0;
  for (const piece of pieces) {
    out.set(piece, at);
    at += piece.length;
  }
  return out;
}
