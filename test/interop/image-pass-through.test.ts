/**
 * An image a task receives and returns unchanged reaches the next Python
 * task as it was: same Pillow mode, size and pixels (and, for palette
 * images, the same indices, palette and transparency). Checked in Pillow
 * for every fixture PNG and for PNGs Pillow writes in each mode; the
 * exceptions are listed, and enforced, in known-gaps.ts.
 */
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { blobLiteral } from "../../src/model/literals.js";
import { image } from "../../src/types/image/index.js";
import { imageTransformer } from "../../src/types/image/transformer.js";
import { testContext } from "../helpers/context.js";
import { hasPillow } from "../helpers/python.js";
import { FIXTURES, writeImage } from "../types/image/helpers.js";
import { gapFor, knownGaps } from "../types/image/known-gaps.js";
import { comparePassThrough, writeWithPillow } from "../types/image/pillow.js";

describe.skipIf(!hasPillow)("images passed through a task", async () => {
  const inputs = [
    ...readdirSync(FIXTURES)
      .filter((f) => f.endsWith(".png"))
      .map((f) => ({ input: f, path: join(FIXTURES, f) })),
    ...["C14", "C16"].flatMap((id) =>
      readdirSync(join(FIXTURES, "cases", id))
        .filter((f) => f.endsWith(".png"))
        .map((f) => ({ input: `cases/${id}/${f}`, path: join(FIXTURES, "cases", id, f) })),
    ),
    ...(hasPillow ? writeWithPillow() : []).map((c) => ({
      input: `pillow:${c.name}`,
      path: c.path,
    })),
  ];
  const ctx = testContext();
  const pairs = await Promise.all(
    inputs.map(async ({ path }) => {
      const received = await imageTransformer.toValue(ctx, blobLiteral(path, "PIL.Image"), image());
      return [path, (await writeImage(ctx, received)).path] as const;
    }),
  );
  const checks = hasPillow ? comparePassThrough(pairs) : [];

  inputs.forEach(({ input }, i) => {
    const gap = gapFor(input);
    it(`${input}: ${gap ? `known gap, ${gap.mode} comes back as ${gap.writtenMode}` : "same mode and pixels"}`, () => {
      const check = checks[i]!;
      expect(check.same_size).toBe(true);
      if (gap) {
        expect({ mode: check.mode, written: check.written_mode }).toEqual({
          mode: gap.mode,
          written: gap.writtenMode,
        });
        return;
      }
      expect(check.written_mode).toBe(check.mode);
      expect(check.same_pixels).toBe(true);
      if (check.mode === "P") {
        expect(check.same_palette).toBe(true);
        expect(check.same_transparency).toBe(true);
      }
    });
  });

  it("lists only gaps whose input is exercised", () => {
    const names = new Set(inputs.map((i) => i.input));
    for (const gap of knownGaps) expect(names.has(gap.input), gap.input).toBe(true);
  });
});
