import { ByteToken } from "./byte-token.js";
import { detachedSlice } from "./detached-string.js";
import { BACKSLASH, CR, isEscaped, LF, NON_ASCII, QUOTE, SPACE, skipSpaces } from "./json-bytes.js";
import type { JsonValue } from "./json-value.js";
import { KeyBudget, type KeyEdge, KeyNode } from "./key-tree.js";
import type { DecodedLines } from "./line-splitter.js";

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
const TRUE = [0x74, 0x72, 0x75, 0x65];
const FALSE = [0x66, 0x61, 0x6c, 0x73, 0x65];
const NULL = [0x6e, 0x75, 0x6c, 0x6c];

/** Up to 15 significant digits a mantissa and its power of ten are exact doubles. */
const MAX_EXACT_DIGITS = 15;
const POWERS_OF_TEN = Array.from({ length: MAX_EXACT_DIGITS + 1 }, (_, n) => 10 ** n);

/**
 * Strings shorter than this, plain ASCII, are checked and cut out here;
 * others are decoded by `JSON.parse`, whose native scan is quicker than a
 * JavaScript loop once a string is long enough to pay for the call.
 */
const SHORT_STRING = 24;

/** Deeper values are left to the exact parser, so this one never nears the stack limit. */
const MAX_DEPTH = 64;

const EMPTY = Buffer.alloc(0);

/**
 * A JSON parser for the common lines of a JSON Lines file, quicker per
 * record than a `JSON.parse` call a line, and giving exactly what
 * `JSON.parse` gives for every line it accepts. Anything unusual it declines
 * with {@link MISS}: whitespace other than spaces, integers of 16 or more
 * digits (which may need a `bigint`), `NaN` and `Infinity`, `__proto__`
 * keys, deep nesting, and text that is not JSON. The reader then parses that
 * line with the exact parser.
 *
 * It reads the bytes of a block of lines, where looking at a byte is cheaper
 * than at a character of a string, and cuts ASCII strings out of the
 * block's Latin-1 text (the same positions). Its speed comes from records
 * sharing their keys: objects are matched against the key sequences seen
 * before at the same place ({@link KeyNode}) and built by literals compiled
 * for them. Values being read wait on one stack, so an object or array is
 * allocated once, at its final size.
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
  #bytes: Buffer = EMPTY;
  #view: DataView = new DataView(EMPTY.buffer, 0, 0);
  #latin1 = "";
  #ascii = true;
  #pos = 0;
  /** Values of the objects and arrays being read, innermost last. */
  readonly #values: JsonValue[] = Array.from({ length: 256 }, () => null);
  #top = 0;
  readonly #root = new KeyNode(new KeyBudget());

  /** Starts on a block of lines. */
  load(lines: DecodedLines): void {
    this.#bytes = lines.bytes;
    this.#view = new DataView(lines.bytes.buffer, lines.bytes.byteOffset, lines.bytes.length);
    this.#latin1 = lines.latin1;
    this.#ascii = lines.ascii;
  }

  /** The value of the line that starts at `start` in the block, or MISS. */
  parse(start: number): Parsed {
    const bytes = this.#bytes;
    this.#pos = skipSpaces(bytes, start);
    this.#top = 0;
    const value = this.#value(this.#root, 0);
    if (value === MISS) return MISS;
    let end = skipSpaces(bytes, this.#pos);
    if (bytes[end] === CR) end++;
    if (bytes[end] !== LF) return MISS;
    this.next = end + 1;
    return value;
  }

  /** The value at the cursor; objects in it learn their keys under `keys`. */
  #value(keys: KeyNode, depth: number): Parsed {
    switch (this.#bytes[this.#pos]) {
      case QUOTE:
        return this.#string();
      case OPEN_OBJECT:
        return this.#object(keys, depth);
      case OPEN_ARRAY:
        return this.#array(keys, depth);
      case 0x74:
        return this.#word(TRUE, true);
      case 0x66:
        return this.#word(FALSE, false);
      case 0x6e:
        return this.#word(NULL, null);
      default:
        return this.#number();
    }
  }

  #word(word: readonly number[], value: boolean | null): Parsed {
    const bytes = this.#bytes;
    const pos = this.#pos;
    for (let k = 1; k < word.length; k++) if (bytes[pos + k] !== word[k]) return MISS;
    this.#pos = pos + word.length;
    return value;
  }

  /** A string, as its own copy: cut out of the text when short and plain ASCII. */
  #string(): Parsed {
    const bytes = this.#bytes;
    const from = this.#pos + 1;
    const limit = Math.min(from + SHORT_STRING, bytes.length);
    for (let i = from; i < limit; i++) {
      const c = bytes[i] as number;
      if (c === QUOTE) {
        this.#pos = i + 1;
        return detachedSlice(this.#latin1, from, i);
      }
      if (c < SPACE || c === BACKSLASH || c >= NON_ASCII) break;
    }
    return this.#decodedString(from);
  }

  /**
   * A long, escaped or non-ASCII string, decoded by `JSON.parse`, which also
   * judges its escapes and control characters. Quotes and backslashes are
   * ASCII, never part of a multi-byte character, so they are found in the
   * Latin-1 text.
   */
  #decodedString(from: number): Parsed {
    const latin1 = this.#latin1;
    let end = latin1.indexOf('"', from);
    while (end !== -1 && isEscaped(latin1, end)) end = latin1.indexOf('"', end + 1);
    if (end === -1) return MISS;
    const token = this.#ascii
      ? latin1.slice(from - 1, end + 1)
      : this.#bytes.toString("utf8", from - 1, end + 1);
    let value: string;
    try {
      value = JSON.parse(token) as string;
    } catch {
      return MISS;
    }
    this.#pos = end + 1;
    return value;
  }

  #number(): Parsed {
    const bytes = this.#bytes;
    const start = this.#pos;
    let i = start;
    let c = bytes[i] as number;
    const negative = c === MINUS;
    if (negative) c = bytes[++i] as number;
    const digitsStart = i;
    let mantissa = 0;
    if (c === ZERO) {
      c = bytes[++i] as number;
    } else {
      for (; c >= ZERO && c <= NINE; c = bytes[++i] as number) mantissa = mantissa * 10 + c - ZERO;
    }
    if (i === digitsStart) return MISS;
    let digits = i - digitsStart;
    let scale = 0;
    if (c === DOT) {
      const fractionStart = ++i;
      c = bytes[i] as number;
      for (; c >= ZERO && c <= NINE; c = bytes[++i] as number) mantissa = mantissa * 10 + c - ZERO;
      scale = i - fractionStart;
      if (scale === 0) return MISS;
      digits += scale;
    }
    if (c === 0x65 || c === 0x45) return this.#exponent(start, i + 1);
    if (digits > MAX_EXACT_DIGITS) {
      // A long integer may be beyond 2^53: the exact parser decides between number and bigint.
      if (scale === 0) return MISS;
      this.#pos = i;
      return Number(this.#latin1.slice(start, i));
    }
    this.#pos = i;
    const magnitude = scale === 0 ? mantissa : mantissa / (POWERS_OF_TEN[scale] as number);
    return negative ? -magnitude : magnitude;
  }

  /** A number with an exponent, whose text up to `e` is already checked. */
  #exponent(start: number, afterE: number): Parsed {
    const bytes = this.#bytes;
    let i = afterE;
    let c = bytes[i] as number;
    if (c === 0x2b || c === MINUS) c = bytes[++i] as number;
    const digitsStart = i;
    while (c >= ZERO && c <= NINE) c = bytes[++i] as number;
    if (i === digitsStart) return MISS;
    this.#pos = i;
    return Number(this.#latin1.slice(start, i));
  }

  /** An array, its elements gathered on the value stack and copied out at their exact count. */
  #array(keys: KeyNode, depth: number): Parsed {
    if (depth >= MAX_DEPTH) return MISS;
    const bytes = this.#bytes;
    const values = this.#values;
    const base = this.#top;
    let pos = skipSpaces(bytes, this.#pos + 1);
    let end = base;
    if (bytes[pos] === CLOSE_ARRAY) {
      pos++;
    } else {
      for (;;) {
        this.#pos = pos;
        this.#top = end + 1;
        const value = this.#value(keys, depth + 1);
        if (value === MISS) return MISS;
        values[end++] = value;
        pos = skipSpaces(bytes, this.#pos);
        const c = bytes[pos++];
        if (c === CLOSE_ARRAY) break;
        if (c !== COMMA) return MISS;
        pos = skipSpaces(bytes, pos);
      }
    }
    this.#pos = pos;
    this.#top = base;
    return arrayOf(values, base, end);
  }

  /** An object, its keys followed from `root` along the key tree (and added to it). */
  #object(root: KeyNode, depth: number): Parsed {
    if (depth >= MAX_DEPTH) return MISS;
    const bytes = this.#bytes;
    const values = this.#values;
    const base = this.#top;
    let node = root;
    // The cursor lives in `pos` here, and in `#pos` only across calls.
    let pos = skipSpaces(bytes, this.#pos + 1);
    if (bytes[pos] === CLOSE_OBJECT) {
      pos++;
    } else {
      for (let index = base; ; index++) {
        this.#pos = pos;
        const edge = this.#key(node);
        if (edge === undefined) return MISS;
        this.#pos = skipSpaces(bytes, this.#pos);
        // Objects nested in the value keep their values above this one's.
        this.#top = index + 1;
        const value = this.#value(edge.inner, depth + 1);
        if (value === MISS) return MISS;
        values[index] = value;
        node = edge.next;
        pos = skipSpaces(bytes, this.#pos);
        const c = bytes[pos++];
        if (c === CLOSE_OBJECT) break;
        if (c !== COMMA) return MISS;
        pos = skipSpaces(bytes, pos);
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
   * colon. A key not met here before is learnt, with its bytes as written.
   */
  #key(node: KeyNode): KeyEdge | undefined {
    const bytes = this.#bytes;
    const view = this.#view;
    const start = this.#pos;
    const edges = node.edges;
    for (let i = 0; i < edges.length; i++) {
      const edge = edges[i] as KeyEdge;
      if (edge.token.matches(view, bytes, start)) {
        this.#pos = start + edge.token.length;
        return edge;
      }
    }
    if (bytes[start] !== QUOTE) return undefined;
    const key = this.#string();
    if (key === MISS) return undefined;
    const colon = skipSpaces(bytes, this.#pos);
    if (bytes[colon] !== COLON) return undefined;
    this.#pos = colon + 1;
    // Written another way (other escapes, spaces) than when it was learnt, a known key is not new.
    const known = node.edgeOf(key as string);
    if (known !== undefined) return known;
    return node.learn(
      key as string,
      new ByteToken(new Uint8Array(bytes.subarray(start, colon + 1))),
    );
  }
}

/**
 * `values.slice(from, to)`, with the short arrays records are full of
 * written as literals, which V8 allocates inline instead of calling `slice`.
 */
function arrayOf(values: readonly JsonValue[], from: number, to: number): JsonValue[] {
  // Casts only: the stack holds a value at every index below its top.
  switch (to - from) {
    case 0:
      return [];
    case 1:
      return [values[from] as JsonValue];
    case 2:
      return [values[from] as JsonValue, values[from + 1] as JsonValue];
    case 3:
      return [
        values[from] as JsonValue,
        values[from + 1] as JsonValue,
        values[from + 2] as JsonValue,
      ];
    case 4:
      return [
        values[from] as JsonValue,
        values[from + 1] as JsonValue,
        values[from + 2] as JsonValue,
        values[from + 3] as JsonValue,
      ];
    default:
      return values.slice(from, to);
  }
}
