import { describe, expect, it } from "vitest";
import { testContext } from "../../helpers/context.js";
import { pngIhdr, randomPixels, readImage, writeImage } from "./helpers.js";

// PNG colour types (https://www.w3.org/TR/png/#6Colour-values) each layout must be written as.
const layouts = [
  { channels: 1, depth: 8, colorType: 0, mode: "L" },
  { channels: 2, depth: 8, colorType: 4, mode: "LA" },
  { channels: 3, depth: 8, colorType: 2, mode: "RGB" },
  { channels: 4, depth: 8, colorType: 6, mode: "RGBA" },
  { channels: 1, depth: 16, colorType: 0, mode: "I;16" },
  { channels: 2, depth: 16, colorType: 4, mode: "LA;16" },
  { channels: 3, depth: 16, colorType: 2, mode: "RGB;16" },
  { channels: 4, depth: 16, colorType: 6, mode: "RGBA;16" },
] as const;

describe("t.image() keeps each mode", () => {
  for (const { channels, depth, colorType, mode } of layouts) {
    it(`writes ${mode} as PNG colour type ${colorType} at depth ${depth} and reads it back exactly`, async () => {
      const ctx = testContext();
      const pixels = randomPixels(channels * 100 + depth, 7, 5, channels, depth);
      const { path, literal } = await writeImage(ctx, pixels);

      expect(pngIhdr(path)).toEqual({ width: 7, height: 5, bitDepth: depth, colorType });

      const back = await readImage(ctx, literal);
      expect(back).toMatchObject({ width: 7, height: 5, channels, depth });
      expect(Array.from(back.data)).toEqual(Array.from(pixels.data));
    });
  }

  it("keeps colour where alpha is 0 (no premultiplication)", async () => {
    const ctx = testContext();
    const data = Uint8Array.of(200, 100, 50, 0, 1, 2, 3, 0);
    const { literal } = await writeImage(ctx, { data, width: 2, height: 1, channels: 4 });
    const back = await readImage(ctx, literal);
    expect(Array.from(back.data)).toEqual([200, 100, 50, 0, 1, 2, 3, 0]);
  });

  it("accepts Uint8ClampedArray and an explicit depth", async () => {
    const ctx = testContext();
    const data = Uint8ClampedArray.of(0, 128, 255, 7);
    const { path } = await writeImage(ctx, { data, width: 2, height: 2, channels: 1, depth: 8 });
    expect(pngIhdr(path).colorType).toBe(0);
  });
});
