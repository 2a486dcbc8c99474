/**
 * Just enough of the WebAssembly binary format to write one small module
 * by hand: LEB128 numbers, sections, and the instructions the row filter
 * uses. Instructions are written folded, as in the text format's
 * s-expressions: `sub8(get(X), get(A))` emits both operands, then the
 * operation, so the code reads like the expressions it computes.
 * https://webassembly.github.io/spec/core/binary/index.html
 */

export type Bytes = readonly number[];

/** Unsigned LEB128. */
export function uleb(value: number): number[] {
  const out: number[] = [];
  let rest = value >>> 0;
  do {
    const byte = rest & 0x7f;
    rest >>>= 7;
    out.push(rest === 0 ? byte : byte | 0x80);
  } while (rest !== 0);
  return out;
}

/** Signed LEB128 of a 32-bit integer. */
export function sleb(value: number): number[] {
  const out: number[] = [];
  let rest = value | 0;
  for (;;) {
    const byte = rest & 0x7f;
    rest >>= 7;
    const done = (rest === 0 && (byte & 0x40) === 0) || (rest === -1 && (byte & 0x40) !== 0);
    out.push(done ? byte : byte | 0x80);
    if (done) return out;
  }
}

/** Joins byte sequences. */
export const seq = (...parts: Bytes[]): number[] => parts.flat();

/** A vector: its length, then its items. */
export const vec = (items: readonly Bytes[]): number[] => [...uleb(items.length), ...items.flat()];

/** A name, as a vector of its (ASCII) bytes. */
export const name = (text: string): number[] => vec([...text].map((ch) => [ch.charCodeAt(0)]));

/** A section: its id, its size, its contents. */
export const section = (id: number, contents: Bytes): number[] => [
  id,
  ...uleb(contents.length),
  ...contents,
];

export const I32 = 0x7f;
export const V128 = 0x7b;

/** A function: its parameter count (all i32), local declarations, result (one i32) and code. */
export interface WasmFunction {
  readonly name: string;
  readonly params: number;
  /** Runs of locals: how many, of which type. */
  readonly locals: readonly (readonly [number, number])[];
  /** The instructions, without the final `end`. */
  readonly code: Bytes;
}

/** A module importing its memory as `env.memory` and exporting `functions` by name. */
export function moduleBytes(functions: readonly WasmFunction[]): Uint8Array {
  const type = (f: WasmFunction) =>
    seq([0x60], vec(new Array<Bytes>(f.params).fill([I32])), vec([[I32]]));
  const body = (f: WasmFunction) =>
    seq(vec(f.locals.map(([n, t]) => [...uleb(n), t])), f.code, [0x0b]);
  return Uint8Array.from(
    seq(
      [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00], // "\0asm", version 1
      section(1, vec(functions.map(type))),
      section(2, vec([seq(name("env"), name("memory"), [0x02, 0x00, 0x01])])),
      section(3, vec(functions.map((_, i) => uleb(i)))),
      section(7, vec(functions.map((f, i) => seq(name(f.name), [0x00], uleb(i))))),
      section(
        10,
        vec(
          functions.map((f) => {
            const b = body(f);
            return seq(uleb(b.length), b);
          }),
        ),
      ),
    ),
  );
}
const VOID = 0x40;

// Control (https://webassembly.github.io/spec/core/binary/instructions.html#control-instructions).
export const block = (...body: Bytes[]) => seq([0x02, VOID], ...body, [0x0b]);
export const loop = (...body: Bytes[]) => seq([0x03, VOID], ...body, [0x0b]);
export const br = (depth: number) => [0x0c, ...uleb(depth)];
export const brIf = (depth: number, condition: Bytes) => seq(condition, [0x0d, ...uleb(depth)]);
/** `while (!condition) body`: a loop left as soon as `condition` holds. */
export const until = (condition: Bytes, ...body: Bytes[]) =>
  block(loop(brIf(1, condition), ...body, br(0)));
/** `if` without a value. */
export const when = (condition: Bytes, ...then: Bytes[]) =>
  seq(condition, [0x04, VOID], ...then, [0x0b]);
/** `if` … `else` leaving a v128. */
export const ifElse = (condition: Bytes, then: Bytes, otherwise: Bytes) =>
  seq(condition, [0x04, V128], then, [0x05], otherwise, [0x0b]);
/** `condition ? a : b` (both evaluated). */
export const select = (a: Bytes, b: Bytes, condition: Bytes) => seq(a, b, condition, [0x1b]);

// Locals.
export const get = (local: number) => [0x20, ...uleb(local)];
export const set = (local: number, value: Bytes) => seq(value, [0x21, ...uleb(local)]);
export const tee = (local: number, value: Bytes) => seq(value, [0x22, ...uleb(local)]);

// 32-bit integers.
const binary = (code: number) => (a: Bytes, b: Bytes) => seq(a, b, [code]);
export const i32 = (value: number) => [0x41, ...sleb(value)];
export const eq = binary(0x46);
export const ltU = binary(0x49);
export const geU = binary(0x4f);
export const add = binary(0x6a);
export const sub = binary(0x6b);
export const mul = binary(0x6c);
export const remU = binary(0x70);
export const andI32 = binary(0x71);
export const orI32 = binary(0x72);
export const shl = binary(0x74);
export const shrU = binary(0x76);
/** Loads the byte at `address`, zero-extended (alignment 1, offset 0). */
export const load8 = (address: Bytes) => seq(address, [0x2d, 0, 0]);
/** Stores the low byte of `value` at `address` (alignment 1, offset 0). */
export const store8 = (address: Bytes, value: Bytes) => seq(address, value, [0x3a, 0, 0]);

// Vectors (https://webassembly.github.io/spec/core/binary/instructions.html#vector-instructions).
const simd = (code: number) => [0xfd, ...uleb(code)];
const unary = (code: number) => (a: Bytes) => seq(a, simd(code));
const binaryV = (code: number) => (a: Bytes, b: Bytes) => seq(a, b, simd(code));
/** Loads 16 bytes from `address + offset`, at any alignment. */
export const load = (address: Bytes, offset = 0) => seq(address, simd(0x00), [0, ...uleb(offset)]);
/** Stores 16 bytes at `address + offset`, at any alignment. */
export const store = (address: Bytes, value: Bytes, offset = 0) =>
  seq(address, value, simd(0x0b), [0, ...uleb(offset)]);
/** A vector of 16 given bytes. */
export const bytes16 = (lanes: readonly number[]) => seq(simd(0x0c), lanes);
/** Lane k of the result is lane `lanes[k]` of a (0–15) or of b (16–31). */
export const shuffle = (a: Bytes, b: Bytes, lanes: readonly number[]) =>
  seq(a, b, simd(0x0d), lanes);
export const zero = bytes16(new Array<number>(16).fill(0));
export const lane32 = (a: Bytes, lane: number) => seq(a, simd(0x1b), [lane]);
export const le16s = binaryV(0x33);
export const and = binaryV(0x4e);
export const xor = binaryV(0x51);
/** Bits of `a` where `mask` is set, of `b` elsewhere. */
export const bitselect = (a: Bytes, b: Bytes, mask: Bytes) => seq(a, b, mask, simd(0x52));
export const abs8 = unary(0x60);
export const narrow16s = binaryV(0x65);
export const narrow16u = binaryV(0x66);
export const add8 = binaryV(0x6e);
export const sub8 = binaryV(0x71);
/** Each byte lane's rounded-up mean, (a + b + 1) >> 1. */
export const avgr8u = binaryV(0x7b);
export const pairwise8u = unary(0x7d);
export const pairwise16u = unary(0x7f);
export const abs16 = unary(0x80);
export const extendLow8u = unary(0x89);
export const extendHigh8u = unary(0x8a);
/** Each 16-bit lane of `a` shifted right by the i32 `bits`, zeros coming in. */
export const shr16u = (a: Bytes, bits: Bytes) => seq(a, bits, simd(0x8d));
export const add16 = binaryV(0x8e);
export const sub16 = binaryV(0x91);
export const extmulLow8u = binaryV(0x9e);
export const extmulHigh8u = binaryV(0x9f);
export const add32 = binaryV(0xae);
