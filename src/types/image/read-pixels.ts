/**
 * The exact samples of an image, in the layout its file has: grey stays one
 * channel, grey + alpha two, and 16-bit samples keep their low byte.
 */
import type { Sharp } from "sharp";
import type { imagePalette } from "./image-palette.js";
import type { PixelLayout } from "./pixel-mode.js";
import type { CheckedPixels } from "./raw-pixels.js";
import { readPlainPng } from "./read-plain-png.js";
import { decodeError, type OutputPlan, planOutput } from "./sharp-instance.js";

/** Every pixel of an image, decoded. */
export type DecodedPixels = CheckedPixels;

/**
 * Decodes `image` to raw samples without changing its mode. Palette images
 * come back expanded to RGB or RGBA (sharp does not expose the indices; use
 * {@link imagePalette} for them).
 *
 * @example
 * ```ts
 * const { data, width, height, channels, depth } = await imagePixels(img);
 * ```
 */
export async function imagePixels(image: Sharp): Promise<DecodedPixels> {
  return (await readPlainPng(image)) ?? sharpPixels(image, await planOutput(image), "decode");
}

/**
 * The pixels of `image` in the layout `plan` says it keeps; a failure is
 * reported as `verb`ing the image (see {@link decodeError}). An untouched
 * instance over a common PNG is decoded by ./read-plain-png.ts, faster.
 */
export async function pixelsOf(
  image: Sharp,
  plan: OutputPlan,
  verb: string,
): Promise<DecodedPixels> {
  return (await readPlainPng(image)) ?? sharpPixels(image, plan, verb);
}

/** {@link pixelsOf}, decoded by sharp. */
async function sharpPixels(image: Sharp, plan: OutputPlan, verb: string): Promise<DecodedPixels> {
  const { layout } = plan;
  // sharp's raw output keeps only the first band of an 8-bit grey image, dropping
  // alpha; decoding grey + alpha as RGBA (an exact copy of grey into R, G, B) keeps it.
  const viaRgba = layout.channels === 2 && layout.depth === 8 && plan.colourspace !== undefined;
  let pipeline = image.clone();
  if (plan.colourspace !== undefined) {
    pipeline = pipeline.toColourspace(viaRgba ? "srgb" : plan.colourspace);
  }
  let output: { data: Buffer; info: { width: number; height: number; channels: number } };
  try {
    output = await pipeline
      .raw(layout.depth === 16 ? { depth: "ushort" } : {})
      .toBuffer({ resolveWithObject: true });
  } catch (error) {
    throw decodeError(image, verb, error);
  }
  const { data, info } = output;
  const { width, height } = info;
  if (viaRgba && info.channels === 4)
    return { ...keepGreyAlpha(data, width * height), width, height };
  const channels = info.channels as PixelLayout["channels"];
  if (layout.depth === 16) {
    // sharp's ushort output is in host byte order: exactly what a Uint16Array reads.
    const samples = new Uint16Array(data.length / 2);
    new Uint8Array(samples.buffer).set(data);
    return { data: samples, width, height, channels, depth: 16 };
  }
  return {
    data: new Uint8Array(data.buffer, data.byteOffset, data.length),
    width,
    height,
    channels,
    depth: 8,
  };
}

/** Grey + alpha samples from RGBA whose R, G and B are all the grey value. */
function keepGreyAlpha(rgba: Uint8Array, pixels: number) {
  const data = new Uint8Array(pixels * 2);
  for (let i = 0; i < pixels; i++) {
    data[2 * i] = rgba[4 * i]!;
    data[2 * i + 1] = rgba[4 * i + 3]!;
  }
  return { data, channels: 2 as const, depth: 8 as const };
}
