/**
 * Adler-32, the checksum that ends a zlib stream (RFC 1950, section 8.2).
 * Node's zlib computes it internally but does not expose it, and each piece
 * of a parallel deflate is a raw stream without one, so the checksum of the
 * whole uncompressed data is computed here.
 */

const MOD = 65521;

/**
 * Bytes summed between reductions: after 5552 bytes the larger sum can still
 * not pass 2^32 (the bound zlib uses), so the slow modulo runs rarely.
 */
const BLOCK = 5552;

/** Adler-32 of `bytes`, continuing from `adler` (1 for a fresh checksum). */
export function adler32(bytes: Uint8Array, adler = 1): number {
  let a = adler & 0xffff;
  let b = adler >>> 16;
  const n = bytes.length;
  for (let i = 0; i < n; ) {
    const end = Math.min(i + BLOCK, n);
    for (; i < end; i++) {
      a += bytes[i]!;
      b += a;
    }
    a %= MOD;
    b %= MOD;
  }
  return ((b << 16) | a) >>> 0;
}
