/**
 * A parser for the small subset of Python literal syntax that `.npy`
 * headers use: a dict of strings, booleans, integers, tuples and lists
 * (lists and nested tuples describe structured dtypes). NumPy reads the
 * header with `ast.literal_eval`; this accepts what it writes, plus the
 * Python 2 long suffix (`3L`) that old files carry.
 *
 * It never evaluates anything, bounds nesting depth, and reports the first
 * problem as a plain message the caller wraps in its own error.
 */

/** A parsed Python literal. Integers are bigints so that huge shapes stay exact. */
export type PyLiteral =
  | string
  | boolean
  | null
  | bigint
  | number
  | { readonly kind: "tuple"; readonly items: readonly PyLiteral[] }
  | { readonly kind: "list"; readonly items: readonly PyLiteral[] }
  | { readonly kind: "dict"; readonly entries: ReadonlyMap<string, PyLiteral> };

/** Deep enough for any structured dtype NumPy writes, shallow enough to keep the stack safe. */
const MAX_DEPTH = 64;

export class PyLiteralSyntaxError extends Error {}

/** What Python 2 wrote that Python 3 refuses; NumPy accepts it for format 1.0 and 2.0 only. */
export interface PyLiteralOptions {
  /** Accept the `L` suffix of Python 2 longs (`(3L, 4L)`). */
  readonly longSuffix?: boolean;
}

/** Parses one literal filling `text` (surrounding whitespace allowed, as Python allows it). */
export function parsePyLiteral(text: string, options: PyLiteralOptions = {}): PyLiteral {
  const start = text.length - text.trimStart().length;
  const end = text.trimEnd().length;
  // An indented line before or after the literal is an IndentationError in Python.
  if (
    /[\r\n][ \t]+$/.test(text.slice(0, start)) ||
    /[\r\n][^\r\n]*[ \t][^\r\n]*$/.test(text.slice(end))
  ) {
    throw new PyLiteralSyntaxError("indented text around the literal");
  }
  const parser = new Parser(text, options.longSuffix === true);
  const value = parser.value(0);
  parser.skipSpace();
  if (!parser.atEnd()) parser.fail("unexpected text after the literal");
  return value;
}

class Parser {
  #pos = 0;
  readonly #text: string;
  readonly #longSuffix: boolean;

  constructor(text: string, longSuffix: boolean) {
    this.#text = text;
    this.#longSuffix = longSuffix;
  }

  atEnd(): boolean {
    return this.#pos >= this.#text.length;
  }

  fail(reason: string): never {
    throw new PyLiteralSyntaxError(`${reason} at offset ${this.#pos}`);
  }

  skipSpace(): void {
    // Python source whitespace: no vertical tab, which NumPy (ast.literal_eval) refuses.
    while (/[ \t\r\n\f]/.test(this.#text[this.#pos] ?? "")) this.#pos++;
  }

  value(depth: number): PyLiteral {
    if (depth > MAX_DEPTH) this.fail(`nesting deeper than ${MAX_DEPTH}`);
    this.skipSpace();
    const c = this.#text[this.#pos];
    if (c === undefined) this.fail("unexpected end of text");
    if (c === "{") return this.dict(depth);
    if (c === "(") return this.sequence("tuple", ")", depth);
    if (c === "[") return this.sequence("list", "]", depth);
    if (c === "'" || c === '"') return this.string();
    if (/[-+0-9.]/.test(c)) return this.number();
    const word = /^[A-Za-z_]+/.exec(this.#text.slice(this.#pos, this.#pos + 16))?.[0];
    if (word === "True" || word === "False" || word === "None") {
      this.#pos += word.length;
      return word === "None" ? null : word === "True";
    }
    return this.fail(`unexpected character ${JSON.stringify(c)}`);
  }

  dict(depth: number): PyLiteral {
    this.#pos++; // {
    const entries = new Map<string, PyLiteral>();
    for (;;) {
      this.skipSpace();
      if (this.#text[this.#pos] === "}") break;
      const key = this.value(depth + 1);
      if (typeof key !== "string") this.fail("dict keys must be strings");
      this.skipSpace();
      if (this.#text[this.#pos] !== ":") this.fail("expected ':'");
      this.#pos++;
      entries.set(key, this.value(depth + 1));
      if (!this.separator("}")) break;
    }
    this.#pos++; // }
    return { kind: "dict", entries };
  }

  sequence(kind: "tuple" | "list", close: string, depth: number): PyLiteral {
    this.#pos++; // ( or [
    const items: PyLiteral[] = [];
    let sawComma = false;
    for (;;) {
      this.skipSpace();
      if (this.#text[this.#pos] === close) break;
      items.push(this.value(depth + 1));
      sawComma = this.separator(close);
      if (!sawComma) break;
    }
    this.#pos++; // ) or ]
    // `(3)` is the integer 3 in Python, not a tuple: only a comma makes one.
    if (kind === "tuple" && items.length === 1 && !sawComma) return items[0]!;
    return { kind, items };
  }

  /** After an item: consumes `,` (true: more may follow) or stops before `close` (false). */
  separator(close: string): boolean {
    this.skipSpace();
    const c = this.#text[this.#pos];
    if (c === ",") {
      this.#pos++;
      return true;
    }
    if (c === close) return false;
    return this.fail(`expected ',' or '${close}'`);
  }

  string(): string {
    const quote = this.#text[this.#pos]!;
    this.#pos++;
    let out = "";
    for (;;) {
      const c = this.#text[this.#pos];
      if (c === undefined || c === "\n" || c === "\r") this.fail("unterminated string");
      this.#pos++;
      if (c === quote) return out;
      if (c !== "\\") {
        out += c;
        continue;
      }
      out += this.escape();
    }
  }

  escape(): string {
    const c = this.#text[this.#pos];
    this.#pos++;
    const simple: Record<string, string> = {
      "\\": "\\",
      "'": "'",
      '"': '"',
      n: "\n",
      t: "\t",
      r: "\r",
      "0": "\0",
    };
    if (c !== undefined && c in simple) return simple[c]!;
    const width = c === "x" ? 2 : c === "u" ? 4 : c === "U" ? 8 : 0;
    if (width === 0) return this.fail(`unsupported escape \\${c ?? ""}`);
    const hex = this.#text.slice(this.#pos, this.#pos + width);
    if (!/^[0-9a-fA-F]+$/.test(hex) || hex.length !== width) this.fail("bad hex escape");
    this.#pos += width;
    const code = Number.parseInt(hex, 16);
    if (code > 0x10ffff) this.fail("escape beyond U+10FFFF");
    return String.fromCodePoint(code);
  }

  number(): bigint | number {
    const rest = this.#text.slice(this.#pos, this.#pos + 400);
    const integer = /^[-+]?\d+(?![.eE\d])/.exec(rest);
    if (integer) {
      // Python 3 refuses `007` (but accepts `000`), and so does NumPy's header parser.
      if (/^[-+]?0+[1-9]/.test(integer[0])) this.fail("integer with leading zeros");
      this.#pos += integer[0].length;
      // Python 2 wrote longs with an L suffix: `(2L, 3L)`.
      const suffix = this.#text[this.#pos];
      if (this.#longSuffix && (suffix === "L" || suffix === "l")) this.#pos++;
      return BigInt(integer[0]);
    }
    const float = /^[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?/.exec(rest);
    if (!float) return this.fail("malformed number");
    this.#pos += float[0].length;
    return Number(float[0]);
  }
}
