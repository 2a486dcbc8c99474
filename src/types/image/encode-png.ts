/**
 * Encodes an image as PNG bytes that keep its mode: a grey image is written as
 * colour type 0 (Pillow mode `L`), grey + alpha as 4 (`LA`), RGB as 2, RGBA as
 * 6, and 16-bit samples at bit depth 16 with every bit kept.
 * https://www.w3.org/TR/png/#6Colour-values
 *
 * Raw pixels, and sharp pipelines whose output carries no metadata, go
 * through our own PNG writer (./png-writer/), which filters as Pillow does
 * and deflates on every core; sharp's encoder uses one. Images with an ICC
 * profile or EXIF data keep sharp's encoder, which writes both exactly.
 */
import type { Sharp } from "sharp";
import { encodeKeepingBilevel } from "./encode-bilevel.js";
import { encodeKeepingPalette } from "./palette/keep-palette.js";
import { writePng } from "./png-writer/write-png.js";
import type { CheckedPixels } from "./raw-pixels.js";
import { pixelsOf } from "./read-pixels.js";
import { asksForMetadata, decodeError, type OutputPlan, planOutput } from "./sharp-instance.js";

/** PNG writing options shared by both kinds of input. */
export interface PngWriteOptions {
  /** zlib level, 0–9. */
  readonly compressionLevel: number;
}

/** PNG bytes of raw pixels. */
export function encodePixels(pixels: CheckedPixels, options: PngWriteOptions): Promise<Buffer> {
  return writePng(pixels, { compressionLevel: options.compressionLevel });
}

/**
 * True when the output of `image` is just its pixels: no ICC profile or EXIF
 * data to carry over and no metadata asked for, and a layout we chose (a
 * colourspace the user picked may not be one a PNG holds exactly).
 */
function isPlainPixels(image: Sharp, plan: OutputPlan): boolean {
  const { metadata } = plan;
  return (
    plan.colourspace !== undefined &&
    metadata.icc === undefined &&
    metadata.exif === undefined &&
    !asksForMetadata(image)
  );
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
  if (isPlainPixels(image, plan)) {
    return encodePixels(await pixelsOf(image, plan, "encode"), options);
  }
  let pipeline = image.clone().keepIccProfile().keepExif();
  if (plan.colourspace !== undefined) pipeline = pipeline.toColourspace(plan.colourspace);
  try {
    return await pipeline
      .png({ compressionLevel: options.compressionLevel, adaptiveFiltering: true, palette: false })
      .toBuffer();
  } catch (error) {
    throw decodeError(image, "encode", error);
  }
}
