/**
 * Which images the PNG reader takes: untouched instances over common PNGs,
 * including images received by a task. Everything else stays with sharp,
 * and still decodes.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Sharp } from "sharp";
import { beforeAll, describe, expect, it } from "vitest";
import { blobLiteral } from "../../../../src/model/literals.js";
import { encodePixels } from "../../../../src/types/image/encode-png.js";
import { image, imagePixels } from "../../../../src/types/image/index.js";
import { loadSharp, type SharpFactory } from "../../../../src/types/image/load-sharp.js";
import { readPlainPng } from "../../../../src/types/image/read-plain-png.js";
import { imageTransformer } from "../../../../src/types/image/transformer.js";
import { tempDir, testContext } from "../../../helpers/context.js";
import { hasPillow, runPython } from "../../../helpers/python.js";
import { FIXTURES, randomPixels } from "../helpers.js";
import { chunksOf, pngOf } from "./png-bytes.js";

let sharp: SharpFactory;
let rgbPath: string;
beforeAll(async () => {
  sharp = await loadSharp();
  rgbPath = join(tempDir(), "rgb.png");
  writeFileSync(
    rgbPath,
    await encodePixels(randomPixels(8, 12, 7, 3, 8) as never, { compressionLevel: 6 }),
  );
});

/** Left to sharp: the reader declines, and imagePixels still decodes it. */
async function expectSharpDecodes(img: Sharp) {
  expect(await readPlainPng(img)).toBeUndefined();
  expect((await imagePixels(img)).width).toBeGreaterThan(0);
}

describe("the PNG reader takes only what it decodes exactly", () => {
  it("takes an image a task received", async () => {
    const received = await imageTransformer.toValue(
      testContext(),
      blobLiteral(rgbPath, "PIL.Image"),
      image(),
    );
    expect((await readPlainPng(received))?.data).toEqual(randomPixels(8, 12, 7, 3, 8).data);
  });

  it("leaves palette, low-bit-depth and interlaced PNGs to sharp", async () => {
    for (const name of [
      "palette-1bit-interlaced.png",
      "palette-2bit.png",
      "palette-4bit.png",
      "palette-8bit.png",
      "rgba-8bit-interlaced.png",
    ]) {
      await expectSharpDecodes(sharp(join(FIXTURES, name)));
    }
  });

  it("leaves PNGs with a tRNS colour key or an ICC profile to sharp", async () => {
    const chunks = chunksOf(await import("node:fs").then((fs) => fs.readFileSync(rgbPath)));
    const withChunk = (type: string, data: Uint8Array) =>
      pngOf([chunks[0]!, { type, data }, ...chunks.slice(1)]);
    const dir = tempDir();
    const trns = join(dir, "trns.png");
    writeFileSync(trns, withChunk("tRNS", Uint8Array.of(0, 1, 0, 2, 0, 3)));
    await expectSharpDecodes(sharp(trns));
    const icc = await sharp(rgbPath).withIccProfile("p3").png().toBuffer();
    await expectSharpDecodes(sharp(icc));
  });

  it.skipIf(!hasPillow)("leaves 1-bit grey to sharp", async () => {
    const path = join(tempDir(), "bilevel.png");
    runPython("from PIL import Image\nimport sys\nImage.new('1', (9, 4), 1).save(sys.argv[1])", [
      path,
    ]);
    await expectSharpDecodes(sharp(path));
  });

  it("leaves other formats to sharp", async () => {
    await expectSharpDecodes(sharp(await sharp(rgbPath).jpeg().toBuffer()));
    await expectSharpDecodes(
      sharp({ create: { width: 3, height: 2, channels: 3, background: "red" } }),
    );
    const raw = Buffer.from(randomPixels(9, 4, 4, 3, 8).data as Uint8Array);
    await expectSharpDecodes(sharp(raw, { raw: { width: 4, height: 4, channels: 3 } }));
  });

  it("leaves instances with operations or options that change pixels to sharp", async () => {
    await expectSharpDecodes(sharp(rgbPath).greyscale());
    await expectSharpDecodes(sharp(rgbPath).resize(6));
    await expectSharpDecodes(sharp(rgbPath).rotate(90));
    await expectSharpDecodes(sharp(rgbPath).flip());
    await expectSharpDecodes(sharp(rgbPath).negate());
    await expectSharpDecodes(sharp(rgbPath).toColourspace("b-w"));
    await expectSharpDecodes(sharp(rgbPath).extract({ left: 1, top: 1, width: 3, height: 3 }));
    await expectSharpDecodes(sharp(rgbPath, { autoOrient: true }));
  });

  it("takes an instance whose output format was chosen, since raw pixels are read", async () => {
    expect(await readPlainPng(sharp(rgbPath).png())).toBeDefined();
  });
});
