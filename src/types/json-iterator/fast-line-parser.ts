import { detachedSlice } from "./detached-string.js";
import { BACKSLASH, CR, isEscaped, LF, matchesAt, QUOTE, SPACE, skipSpaces } from "./json-text.js";
import type { JsonValue } from "./json-value.js";
import { KeyBudget, type KeyEdge, KeyNode } from "./key-tree.js";

/** What {@link FastLineParser.parse} returns for a line it leaves to the exact parser. */
export const MISS: unique symbol = Symbol("miss");
type Parsed = JsonValue | typeof MISS;

const COMMA = 0x2c;
const MINUS = 0x2d;
const DOT = 0x2e;
const ZERO = 0x30;
const NINE = 0x39;
const COLON = 0x3a;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;

/** Up to 15 significant digits a mantissa and its power of ten are exact doubles. */
const MAX_EXACT_DIGITS = 15;
const POWERS_OF_TEN = Array.from({ length: MAX_EXACT_DIGITS + 1 }, (_, n) => 10 ** n);

/**
 * Strings shorter than this, without escapes, are checked and cut out here;
 * longer ones are decoded by `JSON.parse`, whose native scan is quicker than
 * a JavaScript loop once a string is long enough to pay for the call.
 */
const SHORT_STRING = 24;

/** Deeper values are left to the exact parser, so this one never nears the stack limit. */
const MAX_DEPTH = 64;

/**
 * A JSON parser for the common lines of a JSON Lines file, quicker per
 * record than a `JSON.parse` call a line, and giving exactly what
 * `JSON.parse` gives for every line it accepts. Anything unusual it declines
 * with {@link MISS}: whitespace other than spaces, integers of 16 or more
 * digits (which may need a `bigint`), `NaN` and `Infinity`, `__proto__`
 * keys, deep nesting, and text that is not JSON. The reader then parses that
 * line with the exact parser.
 *
 * Its speed comes from records sharing their keys: objects are matched
 * against the key sequences seen before at the same place ({@link KeyNode})
 * and built by literals compiled for them. Values being read wait on one
 * stack, so an object or array is allocated once, at its final size.
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
  /** Values of the objects and arrays being read, innermost last. */
  readonly #values: JsonValue[] = Array.from({ length: 256 }, () => null);
  #top = 0;
  readonly #root = new KeyNode(new KeyBudget());

  /**
   * The value of the line of `text` that starts at `start`, or MISS. The
   * line must end with LF inside `text` (a CR before it is allowed).
   */
  parse(text: string, start: number): Parsed {
    this.#text = text;
    this.#pos = skipSpaces(text, start);
    this.#top = 0;
    const value = this.#value(this.#root, 0);
    if (value === MISS) return MISS;
    let end = skipSpaces(text, this.#pos);
    if (text.charCodeAt(end) === CR) end++;
    if (text.charCodeAt(end) !== LF) return MISS;
    this.next = end + 1;
    return value;
  }

  /** The value at the cursor; objects in it learn their keys under `keys`. */
  #value(keys: KeyNode, depth: number): Parsed {
    switch (this.#text.charCodeAt(this.#pos)) {
      case QUOTE:
        return this.#string();
      case OPEN_OBJECT:
        return this.#object(keys, depth);
      case OPEN_ARRAY:
        return this.#array(keys, depth);
      case 0x74:
        return this.#word("true", true);
      case 0x66:
        return this.#word("false", false);
      case 0x6e:
        return this.#word("null", null);
      default:
        return this.#number();
    }
  }

  #word(word: string, value: boolean | null): Parsed {
    if (!matchesAt(this.#text, this.#pos, word)) return MISS;
    this.#pos += word.length;
    return value;
  }

  /** A string, as its own copy: cut out of the text when short and plain. */
  #string(): Parsed {
    const text = this.#text;
    const from = this.#pos + 1;
    const limit = from + SHORT_STRING;
    for (let i = from; i < limit; i++) {
      const c = text.charCodeAt(i);
      if (c === QUOTE) {
        this.#pos = i + 1;
        return detachedSlice(text, from, i);
      }
      if (c < SPACE || c === BACKSLASH) break;
    }
    return this.#decodedString(from);
  }

  /** A long or escaped string, decoded by `JSON.parse`, which also judges its escapes. */
  #decodedString(from: number): Parsed {
    const text = this.#text;
    let end = text.indexOf('"', from);
    while (end !== -1 && isEscaped(text, end)) end = text.indexOf('"', end + 1);
    if (end === -1) return MISS;
    let value: string;
    try {
      value = JSON.parse(text.slice(from - 1, end + 1)) as string;
    } catch {
      return MISS;
    }
    this.#pos = end + 1;
    return value;
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

  /** An array, its elements gathered on the value stack and copied out at their exact count. */
  #array(keys: KeyNode, depth: number): Parsed {
    if (depth >= MAX_DEPTH) return MISS;
    const text = this.#text;
    const values = this.#values;
    const base = this.#top;
    let pos = skipSpaces(text, this.#pos + 1);
    let end = base;
    if (text.charCodeAt(pos) === CLOSE_ARRAY) {
      pos++;
    } else {
      for (;;) {
        this.#pos = pos;
        this.#top = end + 1;
        const value = this.#value(keys, depth + 1);
        if (value === MISS) return MISS;
        values[end++] = value;
        pos = skipSpaces(text, this.#pos);
        const c = text.charCodeAt(pos++);
        if (c === CLOSE_ARRAY) break;
        if (c !== COMMA) return MISS;
        pos = skipSpaces(text, pos);
      }
    }
    this.#pos = pos;
    this.#top = base;
    return values.slice(base, end);
  }

  /** An object, its keys followed from `root` along the key tree (and added to it). */
  #object(root: KeyNode, depth: number): Parsed {
    if (depth >= MAX_DEPTH) return MISS;
    const text = this.#text;
    const values = this.#values;
    const base = this.#top;
    let node = root;
    // The cursor lives in `pos` here, and in `#pos` only across calls.
    let pos = skipSpaces(text, this.#pos + 1);
    if (text.charCodeAt(pos) === CLOSE_OBJECT) {
      pos++;
    } else {
      for (let index = base; ; index++) {
        this.#pos = pos;
        const edge = this.#key(node);
        if (edge === undefined) return MISS;
        this.#pos = skipSpaces(text, this.#pos);
        // Objects nested in the value keep their values above this one's.
        this.#top = index + 1;
        const value = this.#value(edge.inner, depth + 1);
        if (value === MISS) return MISS;
        values[index] = value;
        node = edge.next;
        pos = skipSpaces(text, this.#pos);
        const c = text.charCodeAt(pos++);
        if (c === CLOSE_OBJECT) break;
        if (c !== COMMA) return MISS;
        pos = skipSpaces(text, pos);
      }
    }
    this.#pos = pos;
    const build = node.builder();
    if (build === undefined) return MISS;
    this.#top = base;
    return build(values, base);
  }

  /**
   * The edge of the key at the cursor, which moves past the key and its
   * colon. A key not met here before is learnt, with its text as written.
   */
  #key(node: KeyNode): KeyEdge | undefined {
    const text = this.#text;
    const start = this.#pos;
    const edges = node.edges;
    for (let i = 0; i < edges.length; i++) {
      const edge = edges[i] as KeyEdge;
      if (matchesAt(text, start, edge.token)) {
        this.#pos = start + edge.token.length;
        return edge;
      }
    }
    if (text.charCodeAt(start) !== QUOTE) return undefined;
    const key = this.#string();
    if (key === MISS) return undefined;
    const colon = skipSpaces(text, this.#pos);
    if (text.charCodeAt(colon) !== COLON) return undefined;
    this.#pos = colon + 1;
    // Written another way (other escapes, spaces) than when it was learnt, a known key is not new.
    const known = node.edgeOf(key as string);
    return known ?? node.learn(key as string, detachedSlice(text, start, colon + 1));
  }
}
