/**
 * Every real PNG among the fixtures (written by other programs: IPython,
 * SciPy, libpng, git, CMake, Python's IDLE, and the C14/C16 case encoders)
 * reads here to the samples Pillow decodes, or, for 16-bit colour, which
 * Pillow 9 narrows to 8 bits, to what Python's zlib decodes.
 */
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { imagePalette } from "../../src/types/image/index.js";
import { testContext } from "../helpers/context.js";
import { hasPillow } from "../helpers/python.js";
import { FIXTURES, readImage } from "../types/image/helpers.js";
import { checkPaletteWithPillow, checkWithPillow } from "../types/image/pillow.js";

const files = [
  ...readdirSync(FIXTURES).filter((f) => f.endsWith(".png")),
  ...["C14", "C16"].flatMap((id) =>
    readdirSync(join(FIXTURES, "cases", id))
      .filter((f) => f.endsWith(".png"))
      .map((f) => `cases/${id}/${f}`),
  ),
];

describe.skipIf(!hasPillow)("fixture PNGs read as Pillow (or zlib) decodes them", async () => {
  const ctx = testContext();
  const decoded = await Promise.all(files.map((f) => readImage(ctx, join(FIXTURES, f))));
  const checks = checkWithPillow(
    decoded.map((pixels, i) => ({
      path: join(FIXTURES, files[i]!),
      samples: pixels.data,
      depth: pixels.depth,
    })),
  );

  it("covers the nine shared PNGs and the six C14/C16 case PNGs", () => {
    expect(files).toHaveLength(15);
  });

  files.forEach((file, i) => {
    it(`${file} (Pillow mode ${checks[i]!.mode})`, () => {
      const check = checks[i]!;
      const pixels = decoded[i]!;
      expect(check.size).toEqual([pixels.width, pixels.height]);
      if (pixels.depth === 16 && pixels.channels > 1) {
        // Pillow 9 reads 16-bit colour (and grey + alpha) as 8-bit; zlib sees every bit.
        expect(check.zlib_equal).toBe(true);
        if (pixels.channels >= 3) expect(check.pillow_equal_high_bytes).toBe(true);
      } else {
        expect(check.pillow_equal).toBe(true);
      }
    });
  });

  const paletteFiles = files.filter((_, i) => checks[i]!.mode === "P");
  const palettes = await Promise.all(paletteFiles.map((f) => imagePalette(join(FIXTURES, f))));
  const paletteChecks = checkPaletteWithPillow(
    palettes.map((p, i) => ({
      path: join(FIXTURES, paletteFiles[i]!),
      indices: p!.data,
      palette: p!.palette,
      transparency: p!.transparency,
    })),
  );

  it("finds the seven palette PNGs", () => {
    expect(paletteFiles).toHaveLength(7);
  });

  paletteFiles.forEach((file, i) => {
    it(`${file}: same indices, palette and alpha as Pillow`, () => {
      expect(paletteChecks[i]).toEqual({
        mode: "P",
        same_indices: true,
        same_palette: true,
        same_alpha: true,
      });
    });
  });
});
