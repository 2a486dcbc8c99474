import type { Sharp } from "sharp";
import type { Descriptor } from "../../engine/descriptor.js";
import type { RawPixels } from "./raw-pixels.js";

/** Flyte's blob format string for images, the one Python flytekit's PIL transformer uses. */
export const PIL_IMAGE_FORMAT = "PIL.Image";

/**
 * Pillow's decompression-bomb threshold (`2 * Image.MAX_IMAGE_PIXELS`): above
 * it Pillow refuses to open an image, so a Python task could not read it either.
 */
export const DEFAULT_MAX_PIXELS = 178_956_970;

/** Options of `t.image()`. */
export interface ImageOptions {
  /** Largest width × height accepted when reading; larger images fail before decoding. */
  readonly maxPixels: number;
  /** zlib level (0–9) of the PNG files written; 6 matches Pillow's default. */
  readonly compressionLevel: number;
}

const defaults: ImageOptions = Object.freeze({
  maxPixels: DEFAULT_MAX_PIXELS,
  compressionLevel: 6,
});

/** An image: received as a lazily opened `sharp` instance, written as PNG. */
export interface ImageDescriptor extends Descriptor<Sharp, Sharp | RawPixels>, ImageOptions {
  readonly kind: "image";
}

/**
 * An image input or output, stored as a PNG blob of format `PIL.Image` so
 * that a Python task receives a `PIL.Image.Image`.
 *
 * @example
 * ```ts
 * const thumb = task(
 *   { name: "thumb", inputs: { img: t.image() }, outputs: t.image() },
 *   ({ img }) => img.resize(64, 64),
 * );
 * ```
 */
export function image(options: Partial<ImageOptions> = {}): ImageDescriptor {
  const merged = { ...defaults, ...options };
  if (!Number.isSafeInteger(merged.maxPixels) || merged.maxPixels < 1) {
    throw new RangeError(
      `t.image(): maxPixels must be a positive integer, got ${merged.maxPixels}`,
    );
  }
  const level = merged.compressionLevel;
  if (!Number.isInteger(level) || level < 0 || level > 9) {
    throw new RangeError(
      `t.image(): compressionLevel must be an integer from 0 to 9, got ${level}`,
    );
  }
  return Object.freeze({ kind: "image", ...merged }) as ImageDescriptor;
}
