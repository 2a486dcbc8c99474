/**
 * Which encoder writes a sharp instance: ours when the output is just
 * pixels, sharp's when it carries an ICC profile or EXIF data or the user
 * asked for metadata. Either way Pillow reads the pixels the pipeline makes.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { FormatError } from "../../../src/engine/errors.js";
import { blobLiteral } from "../../../src/model/literals.js";
import { image, imagePixels } from "../../../src/types/image/index.js";
import { readPngChunks } from "../../../src/types/image/palette/png-chunks.js";
import { imageTransformer } from "../../../src/types/image/transformer.js";
import { tempDir, testContext } from "../../helpers/context.js";
import { hasPillow } from "../../helpers/python.js";
import { FIXTURES, writeImage } from "./helpers.js";
import { checkWithPillow } from "./pillow.js";

const chunkTypes = (path: string) => readPngChunks(readFileSync(path), path).map((c) => c.type);
const ancillary = (path: string) =>
  chunkTypes(path).filter((t) => !["IHDR", "IDAT", "IEND"].includes(t));

describe.skipIf(!hasPillow)("t.image() writes sharp instances", () => {
  it("with our writer when the output is plain pixels: no chunks but the image's", async () => {
    const ctx = testContext();
    const pipeline = sharp(join(FIXTURES, "rgb-8bit.png")).flop().resize(200);
    const { path } = await writeImage(ctx, pipeline);
    expect(ancillary(path)).toEqual([]);
    const expected = await imagePixels(pipeline);
    const [check] = checkWithPillow([{ path, samples: expected.data, depth: 8 }]);
    expect(check).toMatchObject({ mode: "RGB", size: [200, 143], pillow_equal: true });
  });

  it("with sharp's encoder when there is an ICC profile, which is kept", async () => {
    const ctx = testContext();
    const tagged = await sharp(join(FIXTURES, "rgb-8bit.png"))
      .withIccProfile("p3")
      .png()
      .toBuffer();
    const { path } = await writeImage(ctx, sharp(tagged));
    expect(ancillary(path)).toContain("iCCP");
  });

  it("with sharp's encoder when the user asks for metadata", async () => {
    const ctx = testContext();
    const pipeline = sharp(join(FIXTURES, "rgb-8bit.png")).withExif({ IFD0: { Artist: "ts" } });
    const { path } = await writeImage(ctx, pipeline);
    expect(ancillary(path)).toContain("eXIf");
  });

  it("names the input when a received image turns out corrupt while being written", async () => {
    const rgb = Buffer.from(readFileSync(join(FIXTURES, "rgb-8bit.png")));
    const idat = rgb.indexOf("IDAT");
    for (let i = idat + 20; i < idat + 60; i++) rgb[i] = 0xff - rgb[i]!;
    const path = join(tempDir(), "damaged.png");
    writeFileSync(path, rgb);
    const ctx = testContext();
    const received = await imageTransformer.toValue(ctx, blobLiteral(path, "PIL.Image"), image());
    const error: unknown = await writeImage(testContext({ variable: "output o0" }), received).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(FormatError);
    expect((error as FormatError).code).toBe("corrupt_image");
    expect((error as FormatError).message).toContain(
      `task test, input x: cannot decode ${path}: its pixel data is corrupt`,
    );
  });
});
