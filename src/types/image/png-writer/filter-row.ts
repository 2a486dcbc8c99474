/**
 * Adaptive PNG row filtering, choosing each row's filter type as Pillow
 * does: the type whose filtered bytes, read as signed, have the least sum of
 * absolute values (the heuristic the PNG spec suggests and libpng uses),
 * among None, Up, Sub and Paeth tried in that order, a later one winning only
 * when strictly less. Pillow leaves Average out unless asked to optimise,
 * and so do we, so that the rows we write are filtered exactly as Pillow
 * filters them and compress as well.
 * https://www.w3.org/TR/png/#9Filter-types and https://www.w3.org/TR/png/#12Filter-selection
 *
 * The arithmetic is branch-free on purpose: on photographs the Paeth
 * predictor's choice is close to random, and mispredicted branches would
 * cost more than the arithmetic itself.
 */

/** |v| for the low byte of `v` read as a signed byte. */
function signedMagnitude(v: number): number {
  const s = ((v + 128) & 0xff) - 128;
  const sign = s >> 31;
  return (s ^ sign) - sign;
}

/** The Paeth predictor (https://www.w3.org/TR/png/#9Filter-type-4-Paeth) without branches. */
function paeth(a: number, b: number, c: number): number {
  const p = b - c;
  const q = a - c;
  const r = p + q;
  const distA = (p ^ (p >> 31)) - (p >> 31);
  const distB = (q ^ (q >> 31)) - (q >> 31);
  const distC = (r ^ (r >> 31)) - (r >> 31);
  // b unless c is strictly nearer than b; then a unless b-or-c is strictly nearer than a.
  const bOrC = b ^ ((b ^ c) & ((distC - distB) >> 31));
  return a ^ ((a ^ bOrC) & (((distB - distA) | (distC - distA)) >> 31));
}

/** The filter type Pillow would choose for `row`, and its sum of signed magnitudes. */
function chooseFilter(row: Uint8Array, prev: Uint8Array, bpp: number): [number, number] {
  const n = row.length;
  let none = 0;
  let sub = 0;
  let up = 0;
  let paethSum = 0;
  // Left of the first pixel, a and c are 0: Sub is None there, and Paeth predicts b.
  for (let i = 0; i < bpp && i < n; i++) {
    const x = row[i]!;
    none += signedMagnitude(x);
    up += signedMagnitude(x - prev[i]!);
  }
  sub = none;
  paethSum = up;
  for (let i = bpp; i < n; i++) {
    const x = row[i]!;
    const a = row[i - bpp]!;
    const b = prev[i]!;
    none += signedMagnitude(x);
    sub += signedMagnitude(x - a);
    up += signedMagnitude(x - b);
    paethSum += signedMagnitude(x - paeth(a, b, prev[i - bpp]!));
  }
  let best = 0;
  let least = none;
  if (up < least) [best, least] = [2, up];
  if (sub < least) [best, least] = [1, sub];
  if (paethSum < least) [best, least] = [4, paethSum];
  return [best, least];
}

/** Writes `row` filtered with `type` (0, 1, 2 or 4) to `out` from `at`. */
function applyFilter(
  type: number,
  row: Uint8Array,
  prev: Uint8Array,
  bpp: number,
  out: Uint8Array,
  at: number,
): void {
  const n = row.length;
  const first = Math.min(bpp, n);
  switch (type) {
    case 0:
      out.set(row, at);
      return;
    case 1:
      for (let i = 0; i < first; i++) out[at + i] = row[i]!;
      for (let i = bpp; i < n; i++) out[at + i] = row[i]! - row[i - bpp]!;
      return;
    case 2:
      for (let i = 0; i < n; i++) out[at + i] = row[i]! - prev[i]!;
      return;
    default:
      for (let i = 0; i < first; i++) out[at + i] = row[i]! - prev[i]!;
      for (let i = bpp; i < n; i++) {
        out[at + i] = row[i]! - paeth(row[i - bpp]!, prev[i]!, prev[i - bpp]!);
      }
  }
}

/**
 * Filters one scanline: writes the filter type byte at `out[at]` and the
 * filtered bytes after it. `row` holds the unfiltered bytes, `prev` those of
 * the row above (all zeros for the first row), `bpp` the bytes per complete
 * pixel (at least 1). Returns the row's cost: the sum of the magnitudes of
 * its filtered bytes read as signed, a rough measure of how well it will
 * compress.
 */
export function filterRow(
  row: Uint8Array,
  prev: Uint8Array,
  bpp: number,
  out: Uint8Array,
  at: number,
): number {
  const [type, cost] = chooseFilter(row, prev, bpp);
  out[at] = type;
  applyFilter(type, row, prev, bpp, out, at + 1);
  return cost;
}
