/** Character codes and small scanning helpers shared by the fast parser's parts. */

export const LF = 0x0a;
export const CR = 0x0d;
export const SPACE = 0x20;
export const QUOTE = 0x22;
export const BACKSLASH = 0x5c;

/** The first position from `pos` on that is not a space. */
export function skipSpaces(text: string, pos: number): number {
  let at = pos;
  while (text.charCodeAt(at) === SPACE) at++;
  return at;
}

/**
 * True when `text` holds `token` at `pos`. A loop rather than `startsWith`:
 * the optimising compiler inlines it, and for the few characters of a key
 * that beats calling the built-in.
 */
export function matchesAt(text: string, pos: number, token: string): boolean {
  const length = token.length;
  for (let k = 0; k < length; k++) {
    if (text.charCodeAt(pos + k) !== token.charCodeAt(k)) return false;
  }
  return true;
}

/** True when the quote at `quote` follows an odd number of backslashes. */
export function isEscaped(text: string, quote: number): boolean {
  let backslashes = 0;
  while (text.charCodeAt(quote - 1 - backslashes) === BACKSLASH) backslashes++;
  return backslashes % 2 === 1;
}
