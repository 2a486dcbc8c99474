/**
 * Images cross the language boundary both ways with real Pillow: PNGs this
 * package writes open in Pillow with the same size, mode and samples, and
 * PNGs Pillow writes are read here to the samples Pillow itself sees.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { testContext } from "../helpers/context.js";
import { hasPillow } from "../helpers/python.js";
import { randomPixels, readImage, writeImage } from "../types/image/helpers.js";
import { checkWithPillow, writeWithPillow } from "../types/image/pillow.js";

/** Pillow 9.4's mode for each layout we write (newer Pillow says I;16 for 16-bit grey). */
const layouts = [
  { name: "L", channels: 1, depth: 8, modes: ["L"] },
  { name: "LA", channels: 2, depth: 8, modes: ["LA"] },
  { name: "RGB", channels: 3, depth: 8, modes: ["RGB"] },
  { name: "RGBA", channels: 4, depth: 8, modes: ["RGBA"] },
  { name: "I;16", channels: 1, depth: 16, modes: ["I", "I;16"] },
  // Pillow 9 has no 16-bit colour modes: it reads these as 8-bit (checked on the high bytes),
  // so their full 16 bits are checked with Python's zlib instead.
  { name: "LA;16", channels: 2, depth: 16, modes: ["RGBA", "LA"] },
  { name: "RGB;16", channels: 3, depth: 16, modes: ["RGB"] },
  { name: "RGBA;16", channels: 4, depth: 16, modes: ["RGBA"] },
] as const;

describe.skipIf(!hasPillow)("Pillow reads PNGs written here", async () => {
  const ctx = testContext();
  const written = await Promise.all(
    layouts.map(async (layout, i) => {
      const pixels = randomPixels(1000 + i, 11, 6, layout.channels, layout.depth);
      const { path } = await writeImage(ctx, pixels);
      return { layout, pixels, path };
    }),
  );
  const checks = checkWithPillow(
    written.map((w) => ({ path: w.path, samples: w.pixels.data, depth: w.layout.depth })),
  );

  written.forEach(({ layout }, i) => {
    it(`${layout.name}: same size, mode and samples in Pillow`, () => {
      const check = checks[i]!;
      expect(check.size).toEqual([11, 6]);
      expect(layout.modes).toContain(check.mode);
      if (layout.depth === 8 || layout.channels === 1) {
        expect(check.pillow_equal).toBe(true);
      } else if (layout.channels !== 2) {
        expect(check.pillow_equal_high_bytes).toBe(true);
      }
      if (layout.depth === 16) expect(check.zlib_equal).toBe(true);
    });
  });
});

describe.skipIf(!hasPillow)("PNGs written by Pillow are read here", () => {
  const cases = hasPillow ? writeWithPillow() : [];
  it("Pillow wrote every mode asked for (as Pillow reopens them)", () => {
    const modes = cases.map((c) => (c.mode === "I;16" ? "I" : c.mode)); // 16-bit grey: I before Pillow 10
    expect(modes).toEqual(["L", "LA", "RGB", "RGBA", "I", "1", "P", "P", "L", "RGB"]);
  });

  for (const c of cases) {
    it(`${c.name} (Pillow mode ${c.mode}): same samples as Pillow sees`, async () => {
      const pixels = await readImage(testContext(), c.path);
      expect(pixels).toMatchObject({ width: 13, height: 9, channels: c.channels, depth: c.depth });
      const raw = readFileSync(c.expected);
      const want =
        c.depth === 16
          ? Array.from(new Uint16Array(raw.buffer, raw.byteOffset, raw.length / 2))
          : Array.from(raw);
      expect(Array.from(pixels.data)).toEqual(want);
    });
  }
});
