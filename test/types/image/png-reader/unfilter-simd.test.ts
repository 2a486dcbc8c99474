/**
 * The SIMD filters give exactly what the JavaScript filters give (which
 * the Pillow comparisons check, and which run where WebAssembly SIMD is
 * missing), for every pixel size and row lengths around the 16-byte steps.
 */
import { describe, expect, it } from "vitest";
import { unfilterRow } from "../../../../src/types/image/png-reader/unfilter-row.js";
import { unfilterInstance } from "../../../../src/types/image/png-reader/wasm/module.js";
import { SUB_PIXEL_SIZES } from "../../../../src/types/image/png-reader/wasm/unfilter-functions.js";
import { seeded } from "../helpers.js";

const [SRC, ABOVE, OUT] = [0, 1024, 2048];

describe("the SIMD row filters", () => {
  const simd = unfilterInstance(4096);
  it("are available on this Node", () => {
    expect(simd).toBeDefined();
  });

  it.each(SUB_PIXEL_SIZES)("every filter with %i bytes per pixel matches JavaScript", (bpp) => {
    const random = seeded(bpp);
    const memory = new Uint8Array(simd!.memory);
    const { up, average, paeth, sub } = simd!.exports;
    const run: Record<number, (n: number) => number> = {
      1: (n) => sub.get(bpp)!(SRC, OUT, n),
      2: (n) => up(SRC, ABOVE, OUT, n),
      3: (n) => average(SRC, ABOVE, OUT, n, bpp),
      4: (n) => paeth(SRC, ABOVE, OUT, n, bpp),
    };
    for (let n = bpp; n <= 100; n += bpp) {
      for (const filter of [1, 2, 3, 4]) {
        const plain = new Uint8Array(4096);
        for (let i = 0; i < 2 * 1024; i++) plain[i] = Math.floor(random() * 256);
        memory.set(plain.subarray(0, 2048));
        expect(unfilterRow(plain, filter, SRC, ABOVE, OUT, n, bpp)).toBe(true);
        run[filter]!(n);
        expect(memory.subarray(OUT, OUT + n), `filter ${filter}, ${n} bytes`).toEqual(
          plain.subarray(OUT, OUT + n),
        );
      }
    }
  });
});
