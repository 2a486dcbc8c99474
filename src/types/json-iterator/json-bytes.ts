/** Byte values and small scanning helpers shared by the fast parser's parts. */

export const LF = 0x0a;
export const CR = 0x0d;
export const SPACE = 0x20;
export const QUOTE = 0x22;
export const BACKSLASH = 0x5c;
/** The first byte value that is not ASCII. */
export const NON_ASCII = 0x80;

/** The first position from `pos` on that does not hold a space. */
export function skipSpaces(bytes: Uint8Array, pos: number): number {
  let at = pos;
  while (bytes[at] === SPACE) at++;
  return at;
}

/** True when the quote at `quote` follows an odd number of backslashes. */
export function isEscaped(text: string, quote: number): boolean {
  let backslashes = 0;
  while (text.charCodeAt(quote - 1 - backslashes) === BACKSLASH) backslashes++;
  return backslashes % 2 === 1;
}
