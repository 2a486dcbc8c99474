/**
 * Writes a palette image that passed through a task back as a palette image.
 * sharp decodes palettes to RGB(A), so the pipeline's output is mapped back
 * onto the source palette; when every pixel finds its colour there, the PNG
 * keeps mode `P` with the same palette. Otherwise (the task changed colours)
 * the caller writes RGB or RGBA instead.
 */
import type { Sharp } from "sharp";
import { imagePalette } from "../image-palette.js";
import type { CheckedPalettePixels } from "../raw-pixels.js";
import { decodeError } from "../sharp-instance.js";
import { encodePalettePng } from "./encode-palette-png.js";

/** Colour key of an RGBA pixel. */
const key = (r: number, g: number, b: number, a: number) =>
  ((r << 24) | (g << 16) | (b << 8) | a) >>> 0;

/** PNG bytes in mode `P`, or `undefined` when the output no longer fits the source palette. */
export async function encodeKeepingPalette(
  image: Sharp,
  pipeline: Sharp,
  compressionLevel: number,
): Promise<Buffer | undefined> {
  const source = await imagePalette(image);
  if (!source) return undefined;
  const { palette, transparency } = source;

  // The first index of each colour: for a palette without repeated entries, the index itself.
  const indexOf = new Map<number, number>();
  for (let i = palette.length / 3 - 1; i >= 0; i--) {
    indexOf.set(
      key(palette[3 * i]!, palette[3 * i + 1]!, palette[3 * i + 2]!, transparency?.[i] ?? 255),
      i,
    );
  }

  let output: { data: Buffer; info: { width: number; height: number } };
  try {
    output = await pipeline
      .toColourspace("srgb")
      .ensureAlpha(1)
      .raw()
      .toBuffer({ resolveWithObject: true });
  } catch (error) {
    throw decodeError(image, "encode", error);
  }
  const { data, info } = output;
  const indices = new Uint8Array(info.width * info.height);
  for (let p = 0; p < indices.length; p++) {
    const index = indexOf.get(
      key(data[4 * p]!, data[4 * p + 1]!, data[4 * p + 2]!, data[4 * p + 3]!),
    );
    if (index === undefined) return undefined;
    indices[p] = index;
  }
  const pixels: CheckedPalettePixels = {
    data: indices,
    width: info.width,
    height: info.height,
    channels: 1,
    depth: 8,
    palette,
    transparency,
  };
  return encodePalettePng(pixels, compressionLevel);
}
