import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { isFlytekitError } from "../../../src/engine/errors.js";
import { blobLiteral } from "../../../src/model/literals.js";
import { describeImage, image, imagePalette, imagePixels } from "../../../src/types/image/index.js";
import { assemblePng, packBits } from "../../../src/types/image/png-file.js";
import { imageTransformer } from "../../../src/types/image/transformer.js";
import { tempDir, testContext } from "../../helpers/context.js";
import { FIXTURES, pngIhdr, readImage, seeded, writeImage } from "./helpers.js";

function palettePixels(seed: number, entries: number, transparency?: Uint8Array) {
  const random = seeded(seed);
  const palette = Uint8Array.from({ length: entries * 3 }, () => Math.floor(random() * 256));
  const data = Uint8Array.from({ length: 9 * 5 }, () => Math.floor(random() * entries));
  data[0] = entries - 1;
  return {
    data,
    width: 9,
    height: 5,
    channels: 1 as const,
    palette,
    ...(transparency ? { transparency } : {}),
  };
}

describe("palette images (mode P)", () => {
  for (const [label, entries, transparency] of [
    ["16 entries, no tRNS", 16, undefined],
    ["256 entries, short tRNS", 256, Uint8Array.of(0, 10, 200)],
    ["one entry, full tRNS", 1, Uint8Array.of(77)],
  ] as const) {
    it(`round-trips indices, palette and transparency: ${label}`, async () => {
      const ctx = testContext();
      const pixels = palettePixels(entries, entries, transparency);
      const { path, literal } = await writeImage(ctx, pixels);
      expect(pngIhdr(path)).toEqual({ width: 9, height: 5, bitDepth: 8, colorType: 3 });

      const received = await imageTransformer.toValue(ctx, literal, image());
      const back = await imagePalette(received);
      expect(back).toBeDefined();
      expect(Array.from(back!.data)).toEqual(Array.from(pixels.data));
      expect(Array.from(back!.palette)).toEqual(Array.from(pixels.palette));
      expect(back!.transparency && Array.from(back!.transparency)).toEqual(
        transparency && Array.from(transparency),
      );

      // sharp's expansion of the same file agrees with the palette lookup.
      const expanded = await imagePixels(received);
      const first = pixels.data[0]!;
      expect(Array.from(expanded.data.subarray(0, 3))).toEqual(
        Array.from(pixels.palette.subarray(first * 3, first * 3 + 3)),
      );
    });
  }

  it("gives undefined for images without a palette", async () => {
    expect(await imagePalette(join(FIXTURES, "rgb-8bit.png"))).toBeUndefined();
    expect(await imagePalette(Buffer.from("not a png"))).toBeUndefined();
  });

  it("refuses an index outside the palette", async () => {
    const pixels = { ...palettePixels(1, 4), data: new Uint8Array(45).fill(4) };
    await expect(writeImage(testContext(), pixels)).rejects.toThrow(
      /cannot write image: index 4 is outside the palette of 4 entries/,
    );
  });

  it("refuses a palette that is not RGB triples, or too much transparency", async () => {
    const ctx = testContext();
    const base = palettePixels(2, 4);
    await expect(writeImage(ctx, { ...base, palette: new Uint8Array(10) })).rejects.toThrow(
      /palette must be a Uint8Array of RGB triples/,
    );
    await expect(writeImage(ctx, { ...base, transparency: new Uint8Array(5) })).rejects.toThrow(
      /transparency has 5 entries for a palette of 4/,
    );
  });
});

describe("palette decoder on damaged files", () => {
  const good = readFileSync(join(FIXTURES, "cases/C16/pal4_w7_trns_short.png"));

  it("refuses an IHDR bomb before inflating", async () => {
    const bomb = readFileSync(join(FIXTURES, "cases/C33/ihdr_100000x100000_tiny_idat.png"));
    // That file is grey; make it claim a palette (and fix the CRC) to reach the palette decoder.
    const claimed = Buffer.from(bomb);
    claimed[24] = 8;
    claimed[25] = 3;
    const { crc32 } = await import("../../../src/types/image/png-crc.js");
    claimed.writeUInt32BE(crc32(claimed.subarray(12, 29)), 29);
    await expect(imagePalette(claimed)).rejects.toMatchObject({ code: "image_too_large" });
  });

  it("ends every random corruption in a value or a FlytekitError", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 8, max: good.length - 1 }),
        fc.integer({ min: 0, max: 255 }),
        fc.integer({ min: 9, max: good.length }),
        async (at, byte, cut) => {
          const bytes = Buffer.from(good.subarray(0, cut));
          if (at < bytes.length) bytes[at] = byte;
          try {
            await imagePalette(bytes);
          } catch (error) {
            if (!isFlytekitError(error)) throw error;
          }
        },
      ),
      { seed: 20240611, numRuns: 300 },
    );
  });
});

describe("palette and 1-bit images returned from a task", () => {
  const source = join(FIXTURES, "cases/C16/pal4_w7_trns_short.png");

  async function received(path: string) {
    const ctx = testContext();
    const value = await imageTransformer.toValue(ctx, blobLiteral(path, "PIL.Image"), image());
    return { ctx, value };
  }

  it("stay mode P with the same palette when the colours still fit it", async () => {
    const { ctx, value } = await received(source);
    const { path } = await writeImage(ctx, value.flop());
    expect(pngIhdr(path).colorType).toBe(3);
    const [before, after] = [await imagePalette(source), await imagePalette(path)];
    expect(Array.from(after!.palette)).toEqual(Array.from(before!.palette));
    expect(Array.from(after!.transparency!)).toEqual([0, 128]);
    // flop mirrors rows: the first row 0 1 2 3 4 0 1 becomes 1 0 4 3 2 1 0.
    expect(Array.from(after!.data.subarray(0, 7))).toEqual([1, 0, 4, 3, 2, 1, 0]);
  });

  it("become RGBA when the task changed the colours", async () => {
    const { ctx, value } = await received(source);
    const { path } = await writeImage(ctx, value.negate({ alpha: false }));
    expect(pngIhdr(path).colorType).toBe(6);
  });

  it("1-bit grey stays 1-bit, unless the task made grey levels", async () => {
    const samples = Uint8Array.from({ length: 10 * 3 }, (_, i) => (i % 3 === 0 ? 1 : 0));
    const png = assemblePng(
      { width: 10, height: 3, bitDepth: 1, colorType: 0, rows: packBits(samples, 10, 3) },
      6,
    );
    const path = join(tempDir(), "bits.png");
    writeFileSync(path, png);

    const { ctx, value } = await received(path);
    expect(await describeImage(path)).toBe(
      `10 × 3 px, 1 (1 channel, 1-bit, read as 8-bit), png, at ${path}`,
    );
    const kept = await writeImage(ctx, value);
    expect(pngIhdr(kept.path)).toMatchObject({ bitDepth: 1, colorType: 0 });
    const back = await readImage(ctx, kept.path);
    expect(Array.from(back.data)).toEqual(Array.from(samples, (s) => s * 255));

    const blurred = await writeImage(ctx, value.clone().blur(2));
    expect(pngIhdr(blurred.path)).toMatchObject({ bitDepth: 8, colorType: 0 });
  });
});
