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

/** Inflates `compressed` (one zlib stream), which should hold `expected` bytes. */
export function inflateWhole(compressed: Uint8Array, expected: number): Promise<Inflated> {
  return new Promise((resolve) => {
    // zlib takes no output buffer smaller than 64 bytes.
    const inflate = createInflate({ chunkSize: Math.max(64, expected + 1) });
    let bytes: Uint8Array | undefined;
    let settled = false;
    const settle = (result: Inflated) => {
      if (settled) return;
      settled = true;
      if (result.kind !== "data") inflate.destroy();
      resolve(result);
    };
    inflate.on("data", (piece: Uint8Array) => {
      if (bytes !== undefined || piece.length > expected) settle({ kind: "too_much" });
      bytes = piece;
    });
    inflate.on("end", () => settle({ kind: "data", bytes: bytes ?? new Uint8Array(0) }));
    inflate.on("error", (error) => settle({ kind: "zlib", reason: describeError(error) }));
    inflate.end(compressed);
  });
}
