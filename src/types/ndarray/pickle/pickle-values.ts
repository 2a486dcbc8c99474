/**
 * The values the restricted unpickler works with: its error, the allowed
 * globals and objects under construction, and the decoding of Python's
 * integer and byte-string opcodes.
 */
import type { PythonClass } from "./python-class.js";

/** A value on the unpickler's stack: plain data, or an object a global produced. */
export type PickleValue = unknown;

/** What REDUCE calls: rebuilds a value from its arguments, runs nothing from the file. */
export type PickleCall = (args: readonly PickleValue[]) => PickleValue;

/** An allowed global: called by REDUCE with its arguments, or used as a value. */
export interface PickleGlobal {
  readonly name: string;
  readonly call?: PickleCall;
}

const globals = new WeakSet<object>();

/** Declares an allowed global; only objects made here can be called by REDUCE. */
export function pickleGlobal(name: string, call?: PickleCall): PickleGlobal {
  const value: PickleGlobal = Object.freeze(call ? { name, call } : { name });
  globals.add(value);
  return value;
}

/**
 * An object under construction that accepts BUILD (Python's `__setstate__`).
 * `setState` returns the finished value, which replaces the object on the
 * stack and in the memo.
 */
export interface Buildable {
  setState(state: PickleValue): PickleValue;
}

/** Why an unpickle failed: `code` is `invalid_pickle` or `unsupported_pickle`. */
export class PickleError extends Error {
  readonly code: "invalid_pickle" | "unsupported_pickle";
  constructor(code: "invalid_pickle" | "unsupported_pickle", message: string) {
    super(message);
    this.code = code;
  }
}

/**
 * The globals a pickle may name. `resolve` gives what GLOBAL pushes for
 * `module.name` (`undefined` refuses it, naming it); `constructorOf` gives
 * the rebuilding function REDUCE may call for an inert class (`undefined`
 * refuses the call).
 */
export interface GlobalTable {
  resolve(module: string, name: string): PickleGlobal | PythonClass | undefined;
  constructorOf(cls: PythonClass): PickleCall | undefined;
}

export function isBuildable(value: unknown): value is Buildable {
  return typeof value === "object" && value !== null && "setState" in value;
}

export function isGlobal(value: unknown): value is PickleGlobal {
  return typeof value === "object" && value !== null && globals.has(value);
}

/** The bytes of a Python 2 `str` read as latin1 (one character per byte). */
export function latin1Bytes(text: string): Uint8Array {
  for (let i = 0; i < text.length; i++) {
    if (text.charCodeAt(i) > 0xff) {
      throw new PickleError("invalid_pickle", "a byte string holds characters above U+00FF");
    }
  }
  return new Uint8Array(Buffer.from(text, "latin1"));
}

export function latin1(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString("latin1");
}

/** A little-endian two's-complement integer (LONG1 / LONG4), as a number when exact. */
export function decodeLong(bytes: Uint8Array): number | bigint {
  if (bytes.length === 0) return 0;
  if (bytes.length > MAX_LONG_BYTES) {
    throw new PickleError("unsupported_pickle", `an integer of ${bytes.length} bytes is too large`);
  }
  let value = BigInt(`0x${Buffer.from(bytes).reverse().toString("hex")}`);
  if (bytes[bytes.length - 1]! & 0x80) value -= 1n << BigInt(bytes.length * 8);
  return narrow(value);
}

/** Largest integer read (in bytes of two's complement): far beyond any real array item. */
const MAX_LONG_BYTES = 1 << 16;

/** A bigint as a number when that is exact. */
function narrow(value: bigint): number | bigint {
  const max = BigInt(Number.MAX_SAFE_INTEGER);
  return value >= -max && value <= max ? Number(value) : value;
}
