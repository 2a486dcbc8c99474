/**
 * Filters all scanlines of an image into one buffer, with the SIMD filter
 * where WebAssembly allows and the JavaScript one otherwise. Both choose the
 * same filter for every row and write the same bytes.
 */
import type { CheckedPixels } from "../raw-pixels.js";
import { adler32 } from "./adler32.js";
import { filterRow } from "./filter-row.js";
import { Scanlines } from "./scanlines.js";
import { SimdFilter } from "./wasm/simd-filter.js";

/** An image's filtered scanlines. */
export interface FilteredScanlines {
  /** Each row's filter type byte and filtered bytes: height × (rowBytes + 1) bytes. */
  readonly filtered: Uint8Array;
  /**
   * The sum over all rows of the magnitudes of the filtered bytes read as
   * signed: a rough, cheap forecast of the compressed size (about cost / 8
   * bytes for photographs, much less for flat images).
   */
  readonly cost: number;
  /** Adler-32 of `filtered`, as a zlib stream of it ends with. */
  adler32(): number;
}

/** Which filter implementation to use; tests compare the two. */
export type FilterEngine = "simd" | "javascript";

function filterInJavaScript(scanlines: Scanlines): FilteredScanlines {
  const { rowBytes, height, bytesPerPixel } = scanlines;
  const filtered = new Uint8Array((rowBytes + 1) * height);
  let prev: Uint8Array = new Uint8Array(rowBytes);
  let cost = 0;
  for (let y = 0; y < height; y++) {
    const row = scanlines.row(y);
    cost += filterRow(row, prev, bytesPerPixel, filtered, y * (rowBytes + 1));
    prev = row;
  }
  return { filtered, cost, adler32: () => adler32(filtered) };
}

/** Filters every scanline of `pixels`. */
export function filterScanlines(
  pixels: CheckedPixels,
  engine: FilterEngine = "simd",
): FilteredScanlines {
  const scanlines = new Scanlines(pixels);
  const simd = engine === "simd" ? SimdFilter.create(scanlines) : undefined;
  if (simd === undefined) return filterInJavaScript(scanlines);
  let cost = 0;
  for (let y = 0; y < scanlines.height; y++) cost += simd.filter(y);
  return { filtered: simd.filtered, cost, adler32: () => simd.adler32() };
}
