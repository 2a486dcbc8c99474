/**
 * Scanline geometry and filters for single-channel images of depth 1 to 8
 * (palette indices), including the seven Adam7 passes.
 * https://www.w3.org/TR/png/#7Filtering and https://www.w3.org/TR/png/#8Interlace
 */

/** One pass of an image: where its pixels sit and how many rows and columns it has. */
export interface Pass {
  readonly x0: number;
  readonly y0: number;
  readonly dx: number;
  readonly dy: number;
  readonly width: number;
  readonly height: number;
}

const ADAM7 = [
  [0, 0, 8, 8],
  [4, 0, 8, 8],
  [0, 4, 4, 8],
  [2, 0, 4, 4],
  [0, 2, 2, 4],
  [1, 0, 2, 2],
  [0, 1, 1, 2],
] as const;

/** The passes of an image: one for a plain image, up to seven non-empty ones for Adam7. */
export function passes(width: number, height: number, interlaced: boolean): Pass[] {
  if (!interlaced) return [{ x0: 0, y0: 0, dx: 1, dy: 1, width, height }];
  return ADAM7.map(([x0, y0, dx, dy]) => ({
    x0,
    y0,
    dx,
    dy,
    width: width > x0 ? Math.ceil((width - x0) / dx) : 0,
    height: height > y0 ? Math.ceil((height - y0) / dy) : 0,
  })).filter((p) => p.width > 0 && p.height > 0);
}

/** Bytes in one row of `width` samples of `bitDepth` bits (filter byte not included). */
export function rowBytes(width: number, bitDepth: number): number {
  return Math.ceil((width * bitDepth) / 8);
}

/** Undoes the filter of one row in place; `prev` is the previous unfiltered row (zeros first). */
export function unfilterRow(
  filter: number,
  row: Uint8Array,
  prev: Uint8Array,
  bpp: number,
): boolean {
  const n = row.length;
  switch (filter) {
    case 0:
      return true;
    case 1:
      for (let i = bpp; i < n; i++) row[i] = (row[i]! + row[i - bpp]!) & 0xff;
      return true;
    case 2:
      for (let i = 0; i < n; i++) row[i] = (row[i]! + prev[i]!) & 0xff;
      return true;
    case 3:
      for (let i = 0; i < n; i++) {
        const left = i >= bpp ? row[i - bpp]! : 0;
        row[i] = (row[i]! + ((left + prev[i]!) >> 1)) & 0xff;
      }
      return true;
    case 4:
      for (let i = 0; i < n; i++) {
        const a = i >= bpp ? row[i - bpp]! : 0;
        const b = prev[i]!;
        const c = i >= bpp ? prev[i - bpp]! : 0;
        const p = a + b - c;
        const pa = Math.abs(p - a);
        const pb = Math.abs(p - b);
        const pc = Math.abs(p - c);
        row[i] = (row[i]! + (pa <= pb && pa <= pc ? a : pb <= pc ? b : c)) & 0xff;
      }
      return true;
    default:
      return false;
  }
}

/** The `index`-th sample of a row packed at `bitDepth` bits, most significant bits first. */
export function sampleAt(row: Uint8Array, index: number, bitDepth: number): number {
  if (bitDepth === 8) return row[index]!;
  const bit = index * bitDepth;
  const shift = 8 - bitDepth - (bit & 7);
  return (row[bit >> 3]! >> shift) & ((1 << bitDepth) - 1);
}
