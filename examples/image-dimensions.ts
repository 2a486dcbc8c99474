/**
 * Images: one task draws a gradient with sharp, the next reads its size. The
 * image travels between them as a PNG file, as Python flytekit's do.
 *
 *   npx flytekit-ts run examples/image-dimensions.ts imageDimensions --width 320 --height 200
 */
import { t, task, workflow } from "flytekit-ts";
import sharp from "sharp";

export const drawGradient = task(
  { name: "draw-gradient", inputs: { width: t.int, height: t.int }, outputs: t.image() },
  ({ width, height }) => {
    const pixels = Buffer.alloc(width * height * 3);
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        const at = (y * width + x) * 3;
        pixels[at] = Math.round((255 * x) / Math.max(1, width - 1));
        pixels[at + 1] = Math.round((255 * y) / Math.max(1, height - 1));
        pixels[at + 2] = 128;
      }
    }
    return sharp(pixels, { raw: { width, height, channels: 3 } });
  },
);

export const dimensions = task(
  { name: "dimensions", inputs: { img: t.image() }, outputs: { width: t.int, height: t.int } },
  async ({ img }) => {
    const { width, height } = await img.metadata();
    return { width: width ?? 0, height: height ?? 0 };
  },
);

export const imageDimensions = workflow(
  {
    name: "image-dimensions",
    inputs: { width: t.int, height: t.int },
    outputs: { width: t.int, height: t.int },
  },
  async ({ width, height }) => dimensions({ img: await drawGradient({ width, height }) }),
);
