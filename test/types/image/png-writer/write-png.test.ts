/**
 * The PNG writer, checked by Python: Pillow decodes what it writes to the
 * same pixels and mode, Python's zlib finds one complete zlib stream of
 * height × (1 + row bytes) filtered bytes and valid CRCs, and every row is
 * filtered with the type Pillow itself chooses for the same pixels.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { filterScanlines } from "../../../../src/types/image/png-writer/filter-scanlines.js";
import { IDAT_CHUNK_BYTES } from "../../../../src/types/image/png-writer/png-chunks.js";
import { writePng } from "../../../../src/types/image/png-writer/write-png.js";
import { pieceCount, pieceStart } from "../../../../src/types/image/png-writer/zlib-pieces.js";
import type { CheckedPixels } from "../../../../src/types/image/raw-pixels.js";
import { tempDir } from "../../../helpers/context.js";
import { hasPillow } from "../../../helpers/python.js";
import { inspectWithPython, type WrittenPng } from "./inspect-png.js";
import { photoPixels, rowBytes } from "./pixels.js";

/** Layouts, their PNG colour type and Pillow 9.4's mode (newer Pillow says I;16). */
const layouts = [
  { name: "L", channels: 1, depth: 8, colorType: 0, modes: ["L"] },
  { name: "LA", channels: 2, depth: 8, colorType: 4, modes: ["LA"] },
  { name: "RGB", channels: 3, depth: 8, colorType: 2, modes: ["RGB"] },
  { name: "RGBA", channels: 4, depth: 8, colorType: 6, modes: ["RGBA"] },
  { name: "I;16", channels: 1, depth: 16, colorType: 0, modes: ["I", "I;16"] },
  { name: "LA;16", channels: 2, depth: 16, colorType: 4, modes: ["RGBA", "LA"] },
  { name: "RGB;16", channels: 3, depth: 16, colorType: 2, modes: ["RGB"] },
  { name: "RGBA;16", channels: 4, depth: 16, colorType: 6, modes: ["RGBA"] },
] as const;

async function written(dir: string, name: string, pixels: CheckedPixels, level = 6) {
  const path = join(dir, `${name}.png`);
  writeFileSync(path, await writePng(pixels, { compressionLevel: level }));
  return { path, pixels, level } satisfies WrittenPng;
}

describe.skipIf(!hasPillow)(
  "writePng: each layout and shape, read by Pillow and zlib",
  async () => {
    const dir = tempDir();
    const shapes = [
      [1, 1],
      [1, 9],
      [9, 1],
      [13, 7],
      [17, 5],
      [40, 33],
    ] as const;
    const cases = await Promise.all(
      layouts.flatMap((layout, i) =>
        shapes.map(async ([width, height], j) => {
          const pixels = photoPixels(100 * i + j, width, height, layout.channels, layout.depth);
          return { layout, file: await written(dir, `${layout.name}-${width}x${height}`, pixels) };
        }),
      ),
    );
    const found = hasPillow ? inspectWithPython(cases.map((c) => c.file)) : [];

    cases.forEach(({ layout, file }, i) => {
      const { width, height } = file.pixels;
      it(`${layout.name} ${width}×${height}: mode, pixels, one zlib stream, Pillow's filters`, () => {
        const png = found[i]!;
        expect(png.ihdr).toEqual([width, height, layout.depth, layout.colorType, 0, 0, 0]);
        expect(png.chunks).toEqual(["IHDR", "IDAT", "IEND"]);
        expect(png.crcs_ok).toBe(true);
        expect(png.zlib_header).toEqual([0x78, 0x9c]);
        expect(png.stream_complete).toBe(true);
        expect(png.inflated_bytes).toBe(height * (1 + rowBytes(file.pixels)));
        expect(png.size).toEqual([width, height]);
        expect(layout.modes).toContain(png.mode);
        // Pillow 9 reads 16-bit colour as 8-bit: those are checked with zlib and the filters.
        if (png.pillow_equal === undefined) expect(png.zlib_equal).toBe(true);
        else expect(png.pillow_equal).toBe(true);
        if (png.pillow_filter_types) expect(png.filter_types).toEqual(png.pillow_filter_types);
      });
    });
  },
);

describe.skipIf(!hasPillow)("writePng at zlib levels 0, 1, 6 and 9", async () => {
  const dir = tempDir();
  const levels = [0, 1, 6, 9] as const;
  // The zlib header's level field (RFC 1950): 0 for levels 0–1, 2 for 6, 3 for 7–9.
  const headers = { 0: [0x78, 0x01], 1: [0x78, 0x01], 6: [0x78, 0x9c], 9: [0x78, 0xda] };
  const rgb = photoPixels(7, 64, 48, 3, 8, 2);
  const grey16 = photoPixels(8, 31, 20, 1, 16);
  const files = await Promise.all(
    levels.flatMap((level) => [
      written(dir, `rgb-${level}`, rgb, level),
      written(dir, `grey16-${level}`, grey16, level),
    ]),
  );
  const found = hasPillow ? inspectWithPython(files) : [];

  levels.forEach((level, i) => {
    it(`level ${level}: Pillow reads the same pixels, filtered as Pillow filters them`, () => {
      for (const png of [found[2 * i]!, found[2 * i + 1]!]) {
        expect(png.pillow_equal).toBe(true);
        expect(png.stream_complete).toBe(true);
        expect(png.zlib_header).toEqual(headers[level]);
        expect(png.filter_types).toEqual(png.pillow_filter_types);
      }
    });
  });

  it("stores at level 0 and compresses more at 9 than at 1", () => {
    const rgbAt = (i: number) => found[2 * i]!;
    expect(rgbAt(0).idat_bytes).toBeGreaterThan(rgbAt(0).inflated_bytes);
    expect(rgbAt(3).idat_bytes).toBeLessThan(rgbAt(1).idat_bytes);
  });
});

describe.skipIf(!hasPillow)("writePng in several deflate pieces", async () => {
  const dir = tempDir();
  // 1001 × 401 RGB: 3004-byte rows, 1,204,604 filtered bytes, noisy enough to be split.
  const rgb = photoPixels(21, 1001, 401, 3, 8, 90);
  const rgba16 = photoPixels(22, 300, 300, 4, 16, 90);
  const files = [await written(dir, "rgb", rgb), await written(dir, "rgba16", rgba16)];
  const [rgbPng, rgba16Png] = hasPillow ? inspectWithPython(files) : [];

  it("is split, and a piece starts inside a row", () => {
    const { filtered, cost } = filterScanlines(rgb);
    const count = pieceCount(filtered.length, cost / 8);
    expect(count).toBeGreaterThan(1);
    const starts = Array.from({ length: count - 1 }, (_, k) =>
      pieceStart(k + 1, count, filtered.length),
    );
    expect(starts.some((start) => start % (1 + rowBytes(rgb)) !== 0)).toBe(true);
  });

  it("reads in Pillow as one image, filtered as Pillow filters it, within 2% of its size", () => {
    expect(rgbPng!.pillow_equal).toBe(true);
    expect(rgbPng!.stream_complete).toBe(true);
    expect(rgbPng!.inflated_bytes).toBe(401 * 3004);
    expect(rgbPng!.filter_types).toEqual(rgbPng!.pillow_filter_types);
    expect(rgbPng!.bytes / rgbPng!.pillow_bytes!).toBeLessThanOrEqual(1.02);
  });

  it("cuts the image data into IDAT chunks of 1 MiB", () => {
    const idats = Math.ceil(rgbPng!.idat_bytes / IDAT_CHUNK_BYTES);
    expect(idats).toBeGreaterThanOrEqual(2);
    expect(rgbPng!.chunks).toEqual(["IHDR", ...new Array<string>(idats).fill("IDAT"), "IEND"]);
    expect(rgbPng!.crcs_ok).toBe(true);
  });

  it("keeps all 16 bits of RGBA;16 across pieces", () => {
    expect(rgba16Png!.zlib_equal).toBe(true);
    expect(rgba16Png!.stream_complete).toBe(true);
    expect(rgba16Png!.ihdr.slice(0, 4)).toEqual([300, 300, 16, 6]);
  });
});
