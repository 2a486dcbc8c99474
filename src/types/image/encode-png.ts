/**
 * Encodes an image as PNG bytes that keep its mode: a grey image is written as
 * colour type 0 (Pillow mode `L`), grey + alpha as 4 (`LA`), RGB as 2, RGBA as
 * 6, and 16-bit samples at bit depth 16 with every bit kept.
 * https://www.w3.org/TR/png/#6Colour-values
 */
import type { Sharp } from "sharp";
import { describeError, FormatError } from "../../engine/errors.js";
import { encodeKeepingBilevel } from "./encode-bilevel.js";
import type { SharpFactory } from "./load-sharp.js";
import { encodeKeepingPalette } from "./palette/keep-palette.js";
import { colourspaceFor } from "./pixel-mode.js";
import type { CheckedPixels } from "./raw-pixels.js";
import { decodeError, planOutput } from "./sharp-instance.js";

/** PNG writing options shared by both kinds of input. */
export interface PngWriteOptions {
  /** zlib level, 0–9. */
  readonly compressionLevel: number;
}

/**
 * Pillow filters each row adaptively, and so does libpng when asked; without
 * it sharp writes every row unfiltered, which compresses photographs poorly.
 */
function pngOptions(options: PngWriteOptions) {
  return { compressionLevel: options.compressionLevel, adaptiveFiltering: true, palette: false };
}

/** A sharp pipeline over raw pixels, with the colourspace that keeps them exact. */
export function sharpFromPixels(sharp: SharpFactory, pixels: CheckedPixels): Sharp {
  const { width, height, channels } = pixels;
  // sharp picks the sample format from the array's constructor, so hand it a plain Uint16Array.
  const data =
    pixels.depth === 16
      ? new Uint16Array(pixels.data.buffer, pixels.data.byteOffset, pixels.data.length)
      : pixels.data;
  return sharp(data, { raw: { width, height, channels }, limitInputPixels: false }).toColourspace(
    colourspaceFor(pixels),
  );
}

/** PNG bytes of raw pixels. */
export async function encodePixels(
  sharp: SharpFactory,
  pixels: CheckedPixels,
  options: PngWriteOptions,
): Promise<Buffer> {
  try {
    return await sharpFromPixels(sharp, pixels).png(pngOptions(options)).toBuffer();
  } catch (error) {
    throw new FormatError("encode_failed", `cannot encode image as PNG: ${describeError(error)}`, {
      cause: error,
    });
  }
}

/**
 * PNG bytes of what a sharp pipeline produces. The pipeline is cloned, so
 * the caller's instance (and its chosen output format) is left untouched.
 * An ICC profile and EXIF data (orientation included) are carried over as
 * they are, never applied to the pixels, as Pillow would save them. A
 * palette image whose colours all still fit its palette stays a palette image,
 * and a 1-bit grey image still black and white stays 1-bit.
 */
export async function encodeSharp(image: Sharp, options: PngWriteOptions): Promise<Buffer> {
  const plan = await planOutput(image);
  const { metadata, layout } = plan;
  if (plan.colourspace !== undefined && metadata.isPalette) {
    const kept = await encodeKeepingPalette(image, image.clone(), options.compressionLevel);
    if (kept) return kept;
  }
  if (plan.colourspace !== undefined && metadata.bitsPerSample === 1 && layout.channels === 1) {
    const kept = await encodeKeepingBilevel(image, image.clone(), options.compressionLevel);
    if (kept) return kept;
  }
  let pipeline = image.clone().keepIccProfile().keepExif();
  if (plan.colourspace !== undefined) pipeline = pipeline.toColourspace(plan.colourspace);
  try {
    return await pipeline.png(pngOptions(options)).toBuffer();
  } catch (error) {
    throw decodeError(image, "encode", error);
  }
}
