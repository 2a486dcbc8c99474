/**
 * An ICC profile and an EXIF orientation survive a trip through a task,
 * untouched: Pillow writes them, a TypeScript task receives the image and
 * returns it, and Pillow finds the same profile bytes, the same orientation
 * tag and the same (unrotated, untransformed) pixels.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { blobLiteral } from "../../src/model/literals.js";
import { image } from "../../src/types/image/index.js";
import { imageTransformer } from "../../src/types/image/transformer.js";
import { tempDir, testContext } from "../helpers/context.js";
import { hasPillow, pythonJson } from "../helpers/python.js";
import { writeImage } from "../types/image/helpers.js";

const WRITE = `
import sys, json
import numpy as np
from PIL import Image
icc_path, out = sys.argv[1], sys.argv[2]
a = np.random.default_rng(5).integers(0, 256, size=(4, 3, 3), dtype=np.uint8)
exif = Image.Exif(); exif[0x0112] = 6
Image.fromarray(a, 'RGB').save(out, icc_profile=open(icc_path, 'rb').read(), exif=exif.tobytes())
np.save(out + '.npy', a)
print(json.dumps(True))
`;

const CHECK = `
import sys, json
import numpy as np
from PIL import Image
original, icc_path, path = sys.argv[1], sys.argv[2], sys.argv[3]
im = Image.open(path); im.load()
print(json.dumps({
    'mode': im.mode, 'size': list(im.size),
    'icc_equal': im.info.get('icc_profile') == open(icc_path, 'rb').read(),
    'orientation': im.getexif().get(0x0112),
    'pixels_equal': bool(np.array_equal(np.asarray(im), np.load(original + '.npy'))),
}))
`;

describe.skipIf(!hasPillow)("ICC profile and EXIF orientation", () => {
  it("are kept, not applied, when a received image is returned", async () => {
    const dir = tempDir();
    // A Display P3 profile (not sRGB), so applying it would change the pixels.
    const p3 = await sharp({ create: { width: 1, height: 1, channels: 3, background: "#000" } })
      .withIccProfile("p3")
      .png()
      .toBuffer();
    const icc = (await sharp(p3).metadata()).icc!;
    const iccPath = join(dir, "p3.icc");
    writeFileSync(iccPath, icc);
    const source = join(dir, "tagged.png");
    pythonJson(WRITE, [iccPath, source]);

    const ctx = testContext();
    const received = await imageTransformer.toValue(ctx, blobLiteral(source, "PIL.Image"), image());
    const { path } = await writeImage(ctx, received);

    expect(pythonJson(CHECK, [source, iccPath, path])).toEqual({
      mode: "RGB",
      size: [3, 4],
      icc_equal: true,
      orientation: 6,
      pixels_equal: true,
    });
  });
});
