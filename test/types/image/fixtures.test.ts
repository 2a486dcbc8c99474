/**
 * The PNG cases of shared/fixtures (C14, C16, C33), checked against the
 * values in their expected.json, which were recorded from pypng and Pillow.
 */
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { blobLiteral } from "../../../src/model/literals.js";
import { image, imagePalette } from "../../../src/types/image/index.js";
import { testContext } from "../../helpers/context.js";
import { bigEndianBytes, FIXTURES, readImage } from "./helpers.js";

interface ExpectedFile {
  expect: "value" | "error";
  error_kind?: string;
  width?: number;
  height?: number;
  channels?: number;
  bit_depth?: number;
  mode?: string;
  pixels_sha256?: string;
  rgba8_sha256?: string;
}

const sha256 = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");

/** RGBA bytes of RGB or RGBA samples (alpha 255 where absent), as rgba8 is recorded. */
function asRgba(data: Uint8Array, channels: number): Buffer {
  if (channels === 4) return Buffer.from(data);
  const pixels = data.length / 3;
  const out = Buffer.alloc(pixels * 4, 255);
  for (let i = 0; i < pixels; i++) out.set(data.subarray(3 * i, 3 * i + 3), 4 * i);
  return out;
}

for (const id of ["C14", "C16", "C33"]) {
  const folder = join(FIXTURES, "cases", id);
  const expected = JSON.parse(readFileSync(join(folder, "expected.json"), "utf8")) as {
    files: Record<string, ExpectedFile>;
  };

  describe(`case ${id}`, () => {
    for (const [name, want] of Object.entries(expected.files)) {
      const path = join(folder, name);

      if (want.expect === "error") {
        it(`${name}: fails with ${want.error_kind}`, async () => {
          const ctx = testContext();
          const error: unknown = await ctx.engine
            .toValue(ctx, blobLiteral(path, "PIL.Image"), image())
            .then(
              () => undefined,
              (e: unknown) => e,
            );
          expect(error).toMatchObject({ code: want.error_kind });
          expect((error as Error).message).toContain(name);
        });
        continue;
      }

      if (want.rgba8_sha256 !== undefined) {
        it(`${name}: indices and palette exact, expansion exact`, async () => {
          const palette = await imagePalette(path);
          expect(palette).toMatchObject({ width: want.width, height: want.height });
          expect(sha256(palette!.data)).toBe(want.pixels_sha256);
          // imagePixels gives sharp's RGB(A) expansion, which must match rgba8.
          const pixels = await readImage(testContext(), path);
          expect(pixels.channels).toBeGreaterThanOrEqual(3);
          expect(sha256(asRgba(pixels.data as Uint8Array, pixels.channels))).toBe(
            want.rgba8_sha256,
          );
        });
        continue;
      }
      it(`${name}: exact samples`, async () => {
        const pixels = await readImage(testContext(), path);
        expect(pixels).toMatchObject({
          width: want.width,
          height: want.height,
          channels: want.channels,
          depth: want.bit_depth,
        });
        expect(sha256(bigEndianBytes(pixels.data))).toBe(want.pixels_sha256);
      });
    }
  });
}
