/** Seeded test images for the PNG writer. */
import type { CheckedPixels } from "../../../../src/types/image/raw-pixels.js";
import { seeded } from "../helpers.js";

/**
 * Pixels like a photograph: a gradient per channel plus seeded noise of up
 * to ±`noise` (in 8-bit steps), so that rows are best filtered in different
 * ways. 0 and the maximum are always present.
 */
export function photoPixels(
  seed: number,
  width: number,
  height: number,
  channels: 1 | 2 | 3 | 4,
  depth: 8 | 16,
  noise = 12,
): CheckedPixels {
  const random = seeded(seed);
  const max = depth === 16 ? 65535 : 255;
  const n = width * height * channels;
  const data = depth === 16 ? new Uint16Array(n) : new Uint8Array(n);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      for (let c = 0; c < channels; c++) {
        const base = c % 2 === 0 ? (x * max) / width : (y * max) / height;
        const value = base + (random() - 0.5) * 2 * noise * (max / 255);
        data[(y * width + x) * channels + c] = Math.max(0, Math.min(max, Math.round(value)));
      }
    }
  }
  data[0] = 0;
  data[n - 1] = max;
  return { data, width, height, channels, depth };
}

/** Bytes in one row of `pixels`, without the filter type byte. */
export const rowBytes = (pixels: CheckedPixels) =>
  (pixels.width * pixels.channels * pixels.depth) / 8;
