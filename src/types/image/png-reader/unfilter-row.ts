/**
 * Undoes the filter of one PNG row in JavaScript, reading the filtered
 * bytes from one place in a buffer and writing the pixels to another, so
 * that the image is written in place. Uint8Array stores wrap
 * modulo 256, which is the arithmetic the spec asks for.
 * https://www.w3.org/TR/png/#9Filters
 */

/**
 * Writes the pixels of one row at `out` in `mem`: `src` holds its `n`
 * bytes after the filter type byte, `above` the pixels of the row above
 * (zeros above the first row), `bpp` is the bytes per pixel (at least 1).
 * Returns false for a filter type PNG does not define.
 */
export function unfilterRow(
  mem: Uint8Array,
  filter: number,
  src: number,
  above: number,
  out: number,
  n: number,
  bpp: number,
): boolean {
  switch (filter) {
    case 0:
      mem.copyWithin(out, src, src + n);
      return true;
    case 1:
      for (let i = 0; i < bpp; i++) mem[out + i] = mem[src + i]!;
      for (let i = bpp; i < n; i++) mem[out + i] = mem[src + i]! + mem[out + i - bpp]!;
      return true;
    case 2:
      for (let i = 0; i < n; i++) mem[out + i] = mem[src + i]! + mem[above + i]!;
      return true;
    case 3:
      for (let i = 0; i < bpp; i++) mem[out + i] = mem[src + i]! + (mem[above + i]! >> 1);
      for (let i = bpp; i < n; i++) {
        mem[out + i] = mem[src + i]! + ((mem[out + i - bpp]! + mem[above + i]!) >> 1);
      }
      return true;
    case 4:
      // Left of the first pixel, a and c are 0: Paeth then always predicts b.
      for (let i = 0; i < bpp; i++) mem[out + i] = mem[src + i]! + mem[above + i]!;
      if (bpp === 1) paethOneByte(mem, src, above, out, n);
      else paethWide(mem, src, above, out, n, bpp);
      return true;
    default:
      return false;
  }
}

/**
 * The Paeth predictor: whichever of left (a), above (b) and upper left (c)
 * is closest to a + b - c, ties going to a, then b.
 */
function paeth(a: number, b: number, c: number): number {
  let pa = b - c;
  let pb = a - c;
  let pc = pa + pb;
  pa = pa < 0 ? -pa : pa;
  pb = pb < 0 ? -pb : pb;
  pc = pc < 0 ? -pc : pc;
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}

/** Paeth for one byte per pixel, keeping left and upper left in locals. */
function paethOneByte(mem: Uint8Array, src: number, above: number, out: number, n: number): void {
  let a = mem[out]!;
  let c = mem[above]!;
  for (let i = 1; i < n; i++) {
    const b = mem[above + i]!;
    a = (mem[src + i]! + paeth(a, b, c)) & 0xff;
    mem[out + i] = a;
    c = b;
  }
}

function paethWide(
  mem: Uint8Array,
  src: number,
  above: number,
  out: number,
  n: number,
  bpp: number,
): void {
  for (let i = bpp; i < n; i++) {
    const prediction = paeth(mem[out + i - bpp]!, mem[above + i]!, mem[above + i - bpp]!);
    mem[out + i] = mem[src + i]! + prediction;
  }
}
