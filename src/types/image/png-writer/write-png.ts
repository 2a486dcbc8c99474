/**
 * Our own PNG writer for raw 8- and 16-bit grey, grey + alpha, RGB and RGBA
 * pixels. Each row gets the filter Pillow would give it (./filter-row.ts),
 * and the filtered rows are deflated in pieces on several threads at once
 * (./zlib-pieces.ts); sharp's PNG encoder filters and deflates on one
 * thread, which made it the slow part of writing an image. Only IHDR, IDAT
 * and IEND are written, as Pillow writes an image without `dpi` or other
 * metadata.
 * https://www.w3.org/TR/png/
 */
import { constants } from "node:buffer";
import { describeError, FormatError } from "../../../engine/errors.js";
import type { CheckedPixels } from "../raw-pixels.js";
import { type FilterEngine, filterScanlines } from "./filter-scanlines.js";
import { layOutPng } from "./png-chunks.js";
import { deflateInPieces, type ZlibParts } from "./zlib-pieces.js";

/** Options of {@link writePng}. */
export interface PngWriterOptions {
  /** zlib level, 0–9. */
  readonly compressionLevel: number;
  /** The row filter implementation; the SIMD one unless a test asks otherwise. */
  readonly filterEngine?: FilterEngine | undefined;
}

/** Widths and heights above 2^31 - 1 cannot be written (PNG spec, 11.2.1). */
const MAX_DIMENSION = 0x7fffffff;

/** PNG colour type of a channel count (https://www.w3.org/TR/png/#6Colour-values). */
const COLOUR_TYPE = { 1: 0, 2: 4, 3: 2, 4: 6 } as const;

function ihdr(pixels: CheckedPixels): Uint8Array {
  const out = new Uint8Array(13);
  const view = new DataView(out.buffer);
  view.setUint32(0, pixels.width);
  view.setUint32(4, pixels.height);
  // Bit depth, colour type, compression 0, filter method 0, no interlace.
  out.set([pixels.depth, COLOUR_TYPE[pixels.channels], 0, 0, 0], 8);
  return out;
}

/** Why `pixels` cannot be written, or `undefined` when they can. */
function unwritable(pixels: CheckedPixels, filteredBytes: number): string | undefined {
  const { width, height } = pixels;
  if (width > MAX_DIMENSION || height > MAX_DIMENSION) {
    return `${width} × ${height} pixels exceed PNG's limit of ${MAX_DIMENSION} per side`;
  }
  if (filteredBytes > constants.MAX_LENGTH) {
    return (
      `${width} × ${height} pixels need ${filteredBytes} bytes of filtered rows, ` +
      `above the ${constants.MAX_LENGTH} bytes a buffer may hold`
    );
  }
  return undefined;
}

/**
 * PNG bytes of raw pixels, keeping their layout: colour type 0, 4, 2 or 6
 * for 1 to 4 channels, at bit depth 8 or 16.
 *
 * @example
 * ```ts
 * const png = await writePng({ data, width: 640, height: 480, channels: 3, depth: 8 }, {
 *   compressionLevel: 6,
 * });
 * ```
 */
export async function writePng(pixels: CheckedPixels, options: PngWriterOptions): Promise<Buffer> {
  const level = options.compressionLevel;
  if (!Number.isInteger(level) || level < 0 || level > 9) {
    throw new FormatError("encode_failed", `cannot encode image as PNG: level ${level} is not 0–9`);
  }
  const rowBytes = (pixels.width * pixels.channels * pixels.depth) / 8;
  const reason = unwritable(pixels, (rowBytes + 1) * pixels.height);
  if (reason !== undefined) {
    throw new FormatError("image_too_large", `cannot encode image as PNG: ${reason}`);
  }

  const rows = filterScanlines(pixels, options.filterEngine);
  let imageData: ZlibParts;
  try {
    imageData = await deflateInPieces(rows.filtered, level, rows.cost / 8, () => rows.adler32());
  } catch (error) {
    throw new FormatError("encode_failed", `cannot encode image as PNG: ${describeError(error)}`, {
      cause: error,
    });
  }
  return layOutPng({ ihdr: ihdr(pixels), imageData });
}
