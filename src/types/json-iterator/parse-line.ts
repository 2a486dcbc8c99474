import type { JsonValue } from "./json-value.js";
import { type LargeIntegers, parseTolerant } from "./parse-tolerant.js";

/**
 * An integer literal of 16 or more digits: the only kind of token whose value
 * `JSON.parse` may round (2^53 has 16 digits). The look-behind keeps out the
 * digits of a fraction or an exponent, so the floats Python writes with 17
 * significant digits stay on the fast path. Digits inside a string may match
 * too; that only costs a slower, still exact, parse.
 */
const LONG_INTEGER = /(?<![\d.eE+])(?<![eE]-)\d{16,}(?![\d.eE])/;

/**
 * Any 16 digits in a row: a necessary condition for LONG_INTEGER. Spelt out
 * digit by digit because V8 scans a fixed-length pattern several times faster
 * than a counted one or the look-behinds, and almost every line fails it.
 */
const SIXTEEN_DIGITS = /\d\d\d\d\d\d\d\d\d\d\d\d\d\d\d\d/;

/** A line holding nothing but JSON whitespace. */
const BLANK = /^[ \t\r\n]*$/;

/**
 * Decodes one line as Python's `json.loads` would: `JSON.parse` at native
 * speed, and the tolerant parser only for a line `JSON.parse` refuses (Python's
 * `NaN` and `Infinity` tokens) or could round (long integers). Throws the
 * tolerant parser's syntax error for a line that is not JSON, and its
 * LargeIntegerError for a long integer when `largeIntegers` is `"error"`.
 */
export function parseLine(line: string, largeIntegers: LargeIntegers = "bigint"): JsonValue {
  let value: JsonValue;
  try {
    value = JSON.parse(line) as JsonValue;
  } catch {
    return parseTolerant(line, largeIntegers);
  }
  return SIXTEEN_DIGITS.test(line) && LONG_INTEGER.test(line)
    ? parseTolerant(line, largeIntegers)
    : value;
}

/** True for an empty or whitespace-only line. */
export function isBlankLine(line: string): boolean {
  return BLANK.test(line);
}
