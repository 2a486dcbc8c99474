import type { JsonValue } from "./json-value.js";

/**
 * A JSON parser for the lines `JSON.parse` refuses or would round: it also
 * reads the `NaN`, `Infinity` and `-Infinity` tokens Python's `json` writes
 * (outside strings only, since it is a real tokenizer), and integers beyond
 * ±(2^53 − 1) as exact `bigint`s, as Python's `json.loads` returns them.
 *
 * It is the slow path: the reader tries `JSON.parse` first.
 * See https://docs.python.org/3/library/json.html#infinite-and-nan-number-values
 */

/** Deeper nesting than Python's `json` can write (its recursion limit is about 1000). */
const MAX_DEPTH = 2000;

/** Why a text is not one JSON value, with the 1-based column where that shows. */
export class JsonSyntaxError extends Error {
  readonly column: number;
  constructor(reason: string, index: number) {
    super(`${reason} at column ${index + 1}`);
    this.name = "JsonSyntaxError";
    this.column = index + 1;
  }
}

/**
 * An integer beyond ±(2^53 − 1) met while large integers are refused
 * (`largeIntegers: "error"`): a number would round it.
 */
export class LargeIntegerError extends Error {
  /** The integer's digits, as written. */
  readonly digits: string;
  readonly column: number;
  constructor(digits: string, index: number) {
    super(`integer ${digits} at column ${index + 1} is beyond ±(2^53 − 1)`);
    this.name = "LargeIntegerError";
    this.digits = digits;
    this.column = index + 1;
  }
}

/** What becomes of an integer a `number` would round: a `bigint`, or an error. */
export type LargeIntegers = "bigint" | "error";

/**
 * Parses `text` as exactly one JSON value, surrounded by optional JSON
 * whitespace. Integers beyond ±(2^53 − 1) become `bigint`s, or raise a
 * {@link LargeIntegerError} when `largeIntegers` is `"error"`.
 */
export function parseTolerant(text: string, largeIntegers: LargeIntegers = "bigint"): JsonValue {
  const parser = new Parser(text, largeIntegers === "error");
  parser.skipWhitespace();
  const value = parser.value(0);
  parser.skipWhitespace();
  if (parser.pos < text.length) parser.fail("unexpected data after the value");
  return value;
}

const NUMBER = /-?(?:0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/y;

class Parser {
  pos = 0;
  constructor(
    readonly text: string,
    readonly refuseLargeIntegers: boolean,
  ) {}

  fail(reason: string, at = this.pos): never {
    throw new JsonSyntaxError(reason, at);
  }

  skipWhitespace(): void {
    const text = this.text;
    let pos = this.pos;
    for (;;) {
      const c = text.charCodeAt(pos);
      // JSON whitespace is exactly space, tab, LF and CR (RFC 8259 section 2).
      if (c !== 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) break;
      pos++;
    }
    this.pos = pos;
  }

  value(depth: number): JsonValue {
    if (depth > MAX_DEPTH) this.fail(`nesting deeper than ${MAX_DEPTH} levels`);
    const c = this.text[this.pos];
    switch (c) {
      case "{":
        return this.object(depth + 1);
      case "[":
        return this.array(depth + 1);
      case '"':
        return this.string();
      case "t":
        return this.word("true", true);
      case "f":
        return this.word("false", false);
      case "n":
        return this.word("null", null);
      case "N":
        return this.word("NaN", Number.NaN);
      case "I":
        return this.word("Infinity", Number.POSITIVE_INFINITY);
      case "-":
        if (this.text[this.pos + 1] === "I") {
          this.pos++;
          return -(this.word("Infinity", Number.POSITIVE_INFINITY) as number);
        }
        return this.number();
      case undefined:
        return this.fail("unexpected end of text");
      default:
        if (c >= "0" && c <= "9") return this.number();
        return this.fail(`unexpected ${JSON.stringify(c)}`);
    }
  }

  word<V extends JsonValue>(word: string, value: V): V {
    if (!this.text.startsWith(word, this.pos)) this.fail(`unexpected ${this.preview()}`);
    this.pos += word.length;
    return value;
  }

  number(): number | bigint {
    NUMBER.lastIndex = this.pos;
    const match = NUMBER.exec(this.text);
    if (!match) return this.fail(`unexpected ${this.preview()}`);
    this.pos += match[0].length;
    const value = Number(match[0]);
    const isInteger = match[1] === undefined && match[2] === undefined;
    if (!isInteger || Number.isSafeInteger(value)) return value;
    // Python reads an integer literal as an exact int of any size; a number would round it.
    if (this.refuseLargeIntegers) throw new LargeIntegerError(match[0], this.pos - match[0].length);
    return BigInt(match[0]);
  }

  string(): string {
    const text = this.text;
    const start = this.pos;
    let pos = start + 1;
    for (;;) {
      const quote = text.indexOf('"', pos);
      if (quote === -1) this.fail("unterminated string", start);
      let backslashes = 0;
      while (text.charCodeAt(quote - 1 - backslashes) === 0x5c) backslashes++;
      pos = quote + 1;
      if (backslashes % 2 === 0) break;
    }
    this.pos = pos;
    try {
      // The token is delimited; JSON.parse checks its escapes and control characters.
      return JSON.parse(text.slice(start, pos)) as string;
    } catch {
      return this.fail("invalid string", start);
    }
  }

  array(depth: number): JsonValue[] {
    const out: JsonValue[] = [];
    this.pos++;
    this.skipWhitespace();
    if (this.text[this.pos] === "]") {
      this.pos++;
      return out;
    }
    for (;;) {
      this.skipWhitespace();
      out.push(this.value(depth));
      this.skipWhitespace();
      const c = this.text[this.pos++];
      if (c === "]") return out;
      if (c !== ",") this.fail("expected ',' or ']'", this.pos - 1);
    }
  }

  object(depth: number): { [key: string]: JsonValue } {
    const out: { [key: string]: JsonValue } = {};
    this.pos++;
    this.skipWhitespace();
    if (this.text[this.pos] === "}") {
      this.pos++;
      return out;
    }
    for (;;) {
      this.skipWhitespace();
      if (this.text[this.pos] !== '"') this.fail("expected a string key");
      const key = this.string();
      this.skipWhitespace();
      if (this.text[this.pos++] !== ":") this.fail("expected ':'", this.pos - 1);
      this.skipWhitespace();
      setOwn(out, key, this.value(depth));
      this.skipWhitespace();
      const c = this.text[this.pos++];
      if (c === "}") return out;
      if (c !== ",") this.fail("expected ',' or '}'", this.pos - 1);
    }
  }

  preview(): string {
    return JSON.stringify(this.text.slice(this.pos, this.pos + 12));
  }
}

/** Sets a key as an own data property, as JSON.parse does, so `__proto__` stays a plain key. */
function setOwn(target: { [key: string]: JsonValue }, key: string, value: JsonValue): void {
  if (key === "__proto__") {
    Object.defineProperty(target, key, {
      value,
      writable: true,
      enumerable: true,
      configurable: true,
    });
  } else {
    target[key] = value;
  }
}
