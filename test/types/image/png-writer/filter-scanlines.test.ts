/**
 * The SIMD row filter against the JavaScript one, on every pixel size and
 * on row lengths around the 16-byte step, including the Paeth predictor's
 * ties. (Both are checked against Pillow's choices in write-png.test.ts; the
 * JavaScript one runs there only where WebAssembly cannot.)
 */
import { describe, expect, it } from "vitest";
import { filterScanlines } from "../../../../src/types/image/png-writer/filter-scanlines.js";
import type { CheckedPixels } from "../../../../src/types/image/raw-pixels.js";
import { seeded } from "../helpers.js";
import { photoPixels } from "./pixels.js";

function randomPixels(
  seed: number,
  width: number,
  height: number,
  channels: 1 | 2 | 3 | 4,
  depth: 8 | 16,
  levels: number,
): CheckedPixels {
  const random = seeded(seed);
  const n = width * height * channels;
  const data = depth === 16 ? new Uint16Array(n) : new Uint8Array(n);
  // Few distinct values make equal neighbours, so every tie in Paeth and in the sums happens.
  const step = (depth === 16 ? 65535 : 255) / (levels - 1);
  for (let i = 0; i < n; i++) data[i] = Math.round(Math.floor(random() * levels) * step);
  return { data, width, height, channels, depth };
}

describe("the SIMD filter writes what the JavaScript filter writes", () => {
  const widths = [1, 2, 3, 5, 7, 8, 15, 16, 17, 31, 33, 100];
  for (const depth of [8, 16] as const) {
    for (const channels of [1, 2, 3, 4] as const) {
      it(`${channels} channel(s) at ${depth} bits, widths 1 to 100`, () => {
        for (const [k, width] of widths.entries()) {
          for (const pixels of [
            randomPixels(k, width, 6, channels, depth, 3),
            randomPixels(k + 50, width, 6, channels, depth, 256),
            photoPixels(k + 99, width, 6, channels, depth),
          ]) {
            const simd = filterScanlines(pixels, "simd");
            const js = filterScanlines(pixels, "javascript");
            expect(Buffer.from(simd.filtered).equals(Buffer.from(js.filtered))).toBe(true);
            expect(simd.cost).toBe(js.cost);
          }
        }
      });
    }
  }

  it("filters a flat image with None and costs nothing", () => {
    const pixels: CheckedPixels = {
      data: new Uint8Array(5 * 4 * 3),
      width: 5,
      height: 4,
      channels: 3,
      depth: 8,
    };
    const { filtered, cost } = filterScanlines(pixels);
    expect(cost).toBe(0);
    expect(Array.from(filtered)).toEqual(new Array<number>(4 * 16).fill(0));
  });

  it("writes Sub for a row that rises by one per byte", () => {
    const data = Uint8Array.from({ length: 20 }, (_, i) => i);
    const { filtered } = filterScanlines({ data, width: 20, height: 1, channels: 1, depth: 8 });
    // Sub leaves the first byte and a difference of 1 everywhere else.
    expect(Array.from(filtered)).toEqual([1, 0, ...new Array<number>(19).fill(1)]);
  });
});
