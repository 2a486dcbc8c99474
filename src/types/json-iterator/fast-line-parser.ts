import { detachedSlice } from "./detached-string.js";
import type { JsonValue } from "./json-value.js";
import { type RecordShape, ShapeRegistry } from "./record-shape.js";

/** What {@link FastLineParser.parse} returns for a line it leaves to the exact parser. */
export const MISS: unique symbol = Symbol("miss");
type Parsed = JsonValue | typeof MISS;

/** Where the shape of an object is remembered: a slot of its parent's shape, or the root. */
interface ShapeSlots {
  readonly children: (RecordShape | undefined)[];
}

const LF = 0x0a;
const CR = 0x0d;
const SPACE = 0x20;
const QUOTE = 0x22;
const COMMA = 0x2c;
const MINUS = 0x2d;
const DOT = 0x2e;
const ZERO = 0x30;
const NINE = 0x39;
const COLON = 0x3a;
const BACKSLASH = 0x5c;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;

/** Up to 15 significant digits a mantissa and its power of ten are exact doubles. */
const MAX_EXACT_DIGITS = 15;
const POWERS_OF_TEN = Array.from({ length: MAX_EXACT_DIGITS + 1 }, (_, n) => 10 ** n);

/** Deeper values are left to the exact parser, so this one never nears the stack limit. */
const MAX_DEPTH = 64;

/**
 * A JSON parser for the common lines of a JSON Lines file, several times
 * quicker per record than one `JSON.parse` call a line, and giving exactly
 * what `JSON.parse` gives for every line it accepts. Anything unusual it
 * declines with {@link MISS}: escapes in strings, whitespace other than
 * spaces, integers of 16 or more digits (which may need a `bigint`), `NaN`
 * and `Infinity`, `__proto__` keys, deep nesting, and of course text that is
 * not JSON. The reader then parses that line with the exact parser.
 *
 * Its speed comes from records sharing their keys: each object position
 * remembers the last key list seen there ({@link RecordShape}), matches the
 * next object's keys against it with one `startsWith` each, and builds the
 * object with a literal compiled for those keys.
 *
 * Numbers are exact: a decimal of at most 15 significant digits is its
 * mantissa divided by a power of ten, both exact doubles, so the one
 * rounding of the division is the correctly rounded value `JSON.parse`
 * returns; longer decimals and exponents go through `Number`, which reads
 * the JSON number grammar the same way.
 */
export class FastLineParser {
  /** After a successful parse, where the next line starts. */
  next = 0;
  #text = "";
  #pos = 0;
  /** Values of the objects being read, innermost last: `#values[base + i]` is key i's. */
  readonly #values: JsonValue[] = Array.from({ length: 256 }, () => null);
  #top = 0;
  readonly #root: ShapeSlots = { children: [undefined] };
  readonly #registry = new ShapeRegistry();

  /**
   * The value of the line of `text` that starts at `start`, or MISS. The
   * line must end with LF inside `text` (a CR before it is allowed).
   */
  parse(text: string, start: number): Parsed {
    this.#text = text;
    this.#pos = start;
    this.#top = 0;
    this.#skipSpaces();
    const value = this.#value(this.#root, 0, 0);
    if (value === MISS) return MISS;
    this.#skipSpaces();
    let end = this.#pos;
    if (text.charCodeAt(end) === CR) end++;
    if (text.charCodeAt(end) !== LF) return MISS;
    this.next = end + 1;
    return value;
  }

  #skipSpaces(): void {
    while (this.#text.charCodeAt(this.#pos) === SPACE) this.#pos++;
  }

  /** The value at the cursor; objects in it learn their shape from `slots[slot]`. */
  #value(slots: ShapeSlots | undefined, slot: number, depth: number): Parsed {
    const text = this.#text;
    const c = text.charCodeAt(this.#pos);
    if (c === QUOTE) return this.#string();
    if (c === OPEN_OBJECT) return this.#object(slots, slot, depth);
    if (c === OPEN_ARRAY) return this.#array(slots, slot, depth);
    if (c === MINUS || (c >= ZERO && c <= NINE)) return this.#number();
    if (text.startsWith("true", this.#pos)) return this.#word(4, true);
    if (text.startsWith("false", this.#pos)) return this.#word(5, false);
    if (text.startsWith("null", this.#pos)) return this.#word(4, null);
    return MISS;
  }

  #word(length: number, value: boolean | null): boolean | null {
    this.#pos += length;
    return value;
  }

  /** A string without escapes or control characters, as its own copy. */
  #string(): Parsed {
    const text = this.#text;
    const from = this.#pos + 1;
    let end = from;
    for (;;) {
      const c = text.charCodeAt(end);
      if (c === QUOTE) break;
      // Written so that NaN (past the end) fails too.
      if (!(c >= SPACE) || c === BACKSLASH) return MISS;
      end++;
    }
    this.#pos = end + 1;
    return detachedSlice(text, from, end);
  }

  #number(): Parsed {
    const text = this.#text;
    const start = this.#pos;
    let i = start;
    let c = text.charCodeAt(i);
    const negative = c === MINUS;
    if (negative) c = text.charCodeAt(++i);
    const digitsStart = i;
    let mantissa = 0;
    if (c === ZERO) {
      c = text.charCodeAt(++i);
    } else {
      for (; c >= ZERO && c <= NINE; c = text.charCodeAt(++i)) mantissa = mantissa * 10 + c - ZERO;
    }
    if (i === digitsStart) return MISS;
    let digits = i - digitsStart;
    let scale = 0;
    if (c === DOT) {
      const fractionStart = ++i;
      c = text.charCodeAt(i);
      for (; c >= ZERO && c <= NINE; c = text.charCodeAt(++i)) mantissa = mantissa * 10 + c - ZERO;
      scale = i - fractionStart;
      if (scale === 0) return MISS;
      digits += scale;
    }
    if (c === 0x65 || c === 0x45) return this.#exponent(start, i + 1);
    if (digits > MAX_EXACT_DIGITS) {
      // A long integer may be beyond 2^53: the exact parser decides between number and bigint.
      if (scale === 0) return MISS;
      this.#pos = i;
      return Number(text.slice(start, i));
    }
    this.#pos = i;
    const magnitude = scale === 0 ? mantissa : mantissa / (POWERS_OF_TEN[scale] as number);
    return negative ? -magnitude : magnitude;
  }

  /** A number with an exponent, whose text up to `e` is already checked. */
  #exponent(start: number, afterE: number): Parsed {
    const text = this.#text;
    let i = afterE;
    let c = text.charCodeAt(i);
    if (c === 0x2b || c === MINUS) c = text.charCodeAt(++i);
    const digitsStart = i;
    while (c >= ZERO && c <= NINE) c = text.charCodeAt(++i);
    if (i === digitsStart) return MISS;
    this.#pos = i;
    return Number(text.slice(start, i));
  }

  #array(slots: ShapeSlots | undefined, slot: number, depth: number): Parsed {
    if (depth >= MAX_DEPTH) return MISS;
    const text = this.#text;
    const out: JsonValue[] = [];
    this.#pos++;
    this.#skipSpaces();
    if (text.charCodeAt(this.#pos) === CLOSE_ARRAY) {
      this.#pos++;
      return out;
    }
    for (;;) {
      const value = this.#value(slots, slot, depth + 1);
      if (value === MISS) return MISS;
      out.push(value);
      this.#skipSpaces();
      const c = text.charCodeAt(this.#pos++);
      if (c === CLOSE_ARRAY) return out;
      if (c !== COMMA) return MISS;
      this.#skipSpaces();
    }
  }

  /**
   * An object: its keys are matched against the shape in `slots[slot]` while
   * they agree, then read one by one; a new key list becomes that slot's shape.
   */
  #object(slots: ShapeSlots | undefined, slot: number, depth: number): Parsed {
    if (depth >= MAX_DEPTH) return MISS;
    const text = this.#text;
    const base = this.#top;
    const expected = slots?.children[slot];
    this.#pos++;
    this.#skipSpaces();

    let count = 0;
    let closed = text.charCodeAt(this.#pos) === CLOSE_OBJECT;
    if (closed) this.#pos++;
    if (expected !== undefined) {
      const tokens = expected.tokens;
      while (!closed && count < tokens.length) {
        const token = tokens[count] as string;
        if (!text.startsWith(token, this.#pos)) break;
        this.#pos += token.length;
        const end = this.#member(expected, count, base, depth);
        if (end === MISS) return MISS;
        count++;
        closed = end;
      }
      if (closed && count === tokens.length) return this.#finish(expected, base);
    }

    // Another key list: read the rest key by key.
    const keys = expected === undefined ? [] : expected.keys.slice(0, count);
    while (!closed) {
      const key = this.#key();
      if (key === MISS) return MISS;
      keys.push(key);
      const end = this.#member(undefined, 0, base + count, depth);
      if (end === MISS) return MISS;
      count++;
      closed = end;
    }
    const shape = this.#registry.shapeOf(keys);
    if (shape === undefined) return MISS;
    if (slots !== undefined) slots.children[slot] = shape;
    return this.#finish(shape, base);
  }

  /**
   * After a key: the colon, the value (stored at `#values[base + index]`) and
   * the comma or closing brace. True when the object closed.
   */
  #member(
    shape: RecordShape | undefined,
    index: number,
    base: number,
    depth: number,
  ): boolean | typeof MISS {
    const text = this.#text;
    this.#skipSpaces();
    if (text.charCodeAt(this.#pos) !== COLON) return MISS;
    this.#pos++;
    this.#skipSpaces();
    // Objects nested in the value keep their values above this one's.
    this.#top = base + index + 1;
    const value = this.#value(shape, index, depth + 1);
    if (value === MISS) return MISS;
    this.#values[base + index] = value;
    this.#skipSpaces();
    const c = text.charCodeAt(this.#pos++);
    if (c === CLOSE_OBJECT) return true;
    if (c !== COMMA) return MISS;
    this.#skipSpaces();
    return false;
  }

  #finish(shape: RecordShape, base: number): JsonValue {
    this.#top = base;
    return shape.build(this.#values, base);
  }

  /** A key: a string without escapes. */
  #key(): string | typeof MISS {
    if (this.#text.charCodeAt(this.#pos) !== QUOTE) return MISS;
    const key = this.#string();
    return key === MISS ? MISS : (key as string);
  }
}
