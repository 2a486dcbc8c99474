/**
 * Raw pixel buffers: the plain-data way to hand an image to `t.image()`
 * without building a `sharp` pipeline, and what {@link imagePixels} returns.
 */
import { describeValue } from "../primitives/scalar-transformer.js";

/** Samples per pixel: grey, grey + alpha, RGB, RGBA. */
export type ChannelCount = 1 | 2 | 3 | 4;

/** Bits per sample. */
export type SampleDepth = 8 | 16;

/**
 * Pixels in row-major order, channels interleaved. 8-bit samples live in a
 * `Uint8Array`; 16-bit samples in a `Uint16Array` (each element one sample
 * value, so byte order never matters).
 *
 * @example
 * ```ts
 * const grey: RawPixels = { data: new Uint8Array(64 * 48), width: 64, height: 48, channels: 1 };
 * ```
 */
export interface RawPixels {
  readonly data: Uint8Array | Uint8ClampedArray | Uint16Array;
  readonly width: number;
  readonly height: number;
  readonly channels: ChannelCount;
  /** Bits per sample; when absent it follows the array type (`Uint16Array` means 16). */
  readonly depth?: SampleDepth;
  /**
   * RGB triples (1 to 256 entries): when set, `data` holds one 8-bit index
   * per pixel and the image is written as a palette PNG (Pillow mode `P`).
   */
  readonly palette?: Uint8Array;
  /** Alpha of the first palette entries (PNG tRNS); entries beyond it are opaque. */
  readonly transparency?: Uint8Array;
}

/** A palette image: indices, their RGB palette and optional per-entry alpha. */
export interface PalettePixels extends RawPixels {
  readonly data: Uint8Array;
  readonly channels: 1;
  readonly palette: Uint8Array;
}

/** Raw pixels whose fields have been checked, with the depth settled. */
export interface CheckedPixels {
  readonly data: Uint8Array | Uint16Array;
  readonly width: number;
  readonly height: number;
  readonly channels: ChannelCount;
  readonly depth: SampleDepth;
}

/** Checked palette pixels: indices all within the palette. */
export interface CheckedPalettePixels extends CheckedPixels {
  readonly data: Uint8Array;
  readonly palette: Uint8Array;
  readonly transparency: Uint8Array | undefined;
}

/** True when `value` looks like raw pixels (it may still be inconsistent). */
export function looksLikeRawPixels(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && "data" in value && "width" in value;
}

function isDimension(value: unknown): value is number {
  return typeof value === "number" && Number.isSafeInteger(value) && value >= 1;
}

/** The checked pixels, or a sentence saying what is wrong with them. */
export function checkRawPixels(value: Record<string, unknown>): CheckedPixels | string {
  const { data, width, height, channels, depth } = value;
  if (!isDimension(width) || !isDimension(height)) {
    return `width and height must be positive integers, got ${describeValue(width)} × ${describeValue(height)}`;
  }
  if (channels !== 1 && channels !== 2 && channels !== 3 && channels !== 4) {
    return `channels must be 1, 2, 3 or 4, got ${describeValue(channels)}`;
  }
  if (depth !== undefined && depth !== 8 && depth !== 16) {
    return `depth must be 8 or 16, got ${describeValue(depth)}`;
  }
  const wide = data instanceof Uint16Array;
  if (!wide && !(data instanceof Uint8Array) && !(data instanceof Uint8ClampedArray)) {
    return `data must be a Uint8Array (8-bit) or Uint16Array (16-bit), got ${describeValue(data)}`;
  }
  const settled: SampleDepth = depth ?? (wide ? 16 : 8);
  if ((settled === 16) !== wide) {
    return `depth ${settled} needs a ${settled === 16 ? "Uint16Array" : "Uint8Array"}, got a ${data.constructor.name}`;
  }
  const expected = width * height * channels;
  if (data.length !== expected) {
    return `${width} × ${height} pixels of ${channels} channel(s) need ${expected} samples, data holds ${data.length}`;
  }
  const samples =
    data instanceof Uint8ClampedArray
      ? new Uint8Array(data.buffer, data.byteOffset, data.length)
      : data;
  const checked: CheckedPixels = { data: samples, width, height, channels, depth: settled };
  return value.palette === undefined ? checked : checkPalette(checked, value);
}

/** Checks the palette fields of raw pixels that have one. */
function checkPalette(
  pixels: CheckedPixels,
  value: Record<string, unknown>,
): CheckedPalettePixels | string {
  const { palette, transparency } = value;
  if (!(palette instanceof Uint8Array) || palette.length % 3 !== 0) {
    return `palette must be a Uint8Array of RGB triples, got ${describeValue(palette)}`;
  }
  const entries = palette.length / 3;
  if (entries < 1 || entries > 256) return `a palette holds 1 to 256 entries, got ${entries}`;
  if (pixels.channels !== 1 || pixels.depth !== 8 || !(pixels.data instanceof Uint8Array)) {
    return "palette pixels need channels 1 and 8-bit indices";
  }
  if (transparency !== undefined && !(transparency instanceof Uint8Array)) {
    return `transparency must be a Uint8Array of alpha values, got ${describeValue(transparency)}`;
  }
  if (transparency !== undefined && transparency.length > entries) {
    return `transparency has ${transparency.length} entries for a palette of ${entries}`;
  }
  const highest = pixels.data.reduce((max, index) => Math.max(index, max), 0);
  if (highest >= entries) return `index ${highest} is outside the palette of ${entries} entries`;
  return { ...pixels, data: pixels.data, palette, transparency };
}

/** True for checked pixels that carry a palette. */
export function hasPalette(pixels: CheckedPixels): pixels is CheckedPalettePixels {
  return "palette" in pixels && pixels.palette !== undefined;
}
