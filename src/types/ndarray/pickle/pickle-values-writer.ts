/**
 * Writes JavaScript values as a protocol-3 pickle that Python (and NumPy's
 * `np.load(..., allow_pickle=True)`) loads to the matching Python values.
 * The mapping is the reverse of the restricted unpickler's, so what that
 * reads writes back unchanged:
 *
 * | JavaScript | Python |
 * |---|---|
 * | `null`, `undefined` (holes) | `None` |
 * | `boolean` | `bool` |
 * | `number` that is a safe integer (not `-0`) | `int` |
 * | any other `number` (fractions, NaN, ±Infinity, -0, beyond 2**53) | `float` |
 * | `bigint` | `int` |
 * | `string` | `str` |
 * | `Uint8Array` (and Node's `Buffer`) | `bytes` |
 * | `Array` / frozen `Array` | `list` / `tuple` |
 * | `Map`, plain object | `dict` (plain objects have string keys) |
 * | `Set` / frozen `Set` | `set` / `frozenset` |
 * | `{ re, im }` with exactly those two number keys | `complex` |
 * | {@link PythonClass} (the inert builtin types only) | the class itself |
 * | `NDArray`, other typed arrays | `numpy.ndarray` |
 *
 * A JavaScript number carries no int/float distinction, so a Python float
 * with an integral value (`2.0`) read and written back becomes the int `2`,
 * which Python compares equal. Anything else (functions, symbols, class
 * instances, dict keys Python cannot hash) is refused, naming the item.
 */
import type { TypedArray } from "../dtype.js";
import { NDArray } from "../ndarray.js";
import { writeNDArrayReduce } from "./pickle-ndarray.js";
import { BATCH_SIZE, OP, PickleWriter } from "./pickle-writer.js";
import { INERT_BUILTIN_TYPES, PythonClass } from "./python-class.js";

/** Deepest nesting written; Python's own pickler stops near its recursion limit of 1000. */
const MAX_DEPTH = 1000;

/** With the `u` flag a surrogate pair is one code point, so only lone halves match. */
const LONE_SURROGATE = /\p{Cs}/u;

/** Where a value sits, for error messages: `item 3[1]['k']`. */
export type ValuePath = () => string;

/** Writes values into one pickle, sharing memo entries so identity and cycles survive. */
export class ValuePickler {
  readonly out = new PickleWriter();
  readonly #memo = new Map<unknown, number>();
  readonly #globals = new Map<string, number>();
  /** Tuples and sets being written: Python cannot build one that contains itself. */
  readonly #open = new Set<unknown>();
  #depth = 0;
  #nextSlot = 0;

  constructor(readonly fail: (path: ValuePath, reason: string) => never) {
    this.out.op(OP.PROTO);
    this.out.op(3);
  }

  /** The finished pickle. */
  finish(): Uint8Array {
    this.out.op(OP.STOP);
    return this.out.bytes();
  }

  /** A global, written once and fetched from the memo after that. */
  global(module: string, name: string): void {
    const key = `${module}\n${name}`;
    const slot = this.#globals.get(key);
    if (slot !== undefined) this.out.get(slot);
    else {
      this.out.global(module, name);
      this.#globals.set(key, this.#remember());
    }
  }

  value(value: unknown, path: ValuePath): void {
    if (value === null || value === undefined) this.out.op(OP.NONE);
    else if (typeof value === "boolean") this.out.op(value ? OP.NEWTRUE : OP.NEWFALSE);
    else if (typeof value === "number") {
      if (Number.isSafeInteger(value) && !Object.is(value, -0)) this.out.int(value);
      else this.out.float(value);
    } else if (typeof value === "bigint") this.out.bigint(value);
    else if (typeof value === "string") {
      if (LONE_SURROGATE.test(value)) this.fail(path, "a string holds a lone surrogate");
      this.out.string(value);
    } else if (typeof value === "object") this.#object(value, path);
    else this.fail(path, `a ${typeof value} has no Python equivalent`);
  }

  #object(value: object, path: ValuePath): void {
    if (value instanceof PythonClass) {
      this.#class(value, path);
      return;
    }
    const slot = this.#memo.get(value);
    if (slot !== undefined) {
      this.out.get(slot);
      return;
    }
    if (this.#open.has(value)) this.fail(path, "a tuple or set contains itself");
    if (this.#depth >= MAX_DEPTH) this.fail(path, `values nest deeper than ${MAX_DEPTH} levels`);
    this.#depth++;
    try {
      if (value instanceof Uint8Array) {
        this.out.bytesValue(value);
        this.#memo.set(value, this.#remember());
      } else if (value instanceof NDArray) {
        writeNDArrayReduce(this, value, path);
        this.#memo.set(value, this.#remember());
      } else if (ArrayBuffer.isView(value) && !(value instanceof DataView)) {
        writeNDArrayReduce(this, NDArray.from(value as TypedArray), path);
      } else if (Array.isArray(value)) {
        if (Object.isFrozen(value)) this.#tuple(value, path);
        else this.#list(value, path);
      } else if (value instanceof Map) this.#dict(value, [...value], path);
      else if (value instanceof Set) this.#set(value, path);
      else if (isComplex(value)) this.#complex(value);
      else if (isPlainObject(value)) this.#dict(value, Object.entries(value), path);
      else this.fail(path, `${describeObject(value)} has no Python equivalent`);
    } finally {
      this.#depth--;
    }
  }

  /** Items of a list or a tuple, in APPENDS batches after a memoised empty list. */
  #list(items: readonly unknown[], path: ValuePath): void {
    this.out.op(OP.EMPTY_LIST);
    this.#memo.set(items, this.#remember());
    for (let first = 0; first < items.length; first += BATCH_SIZE) {
      this.out.op(OP.MARK);
      const end = Math.min(items.length, first + BATCH_SIZE);
      for (let i = first; i < end; i++) this.value(items[i], () => `${path()}[${i}]`);
      this.out.op(OP.APPENDS);
    }
  }

  #tuple(items: readonly unknown[], path: ValuePath): void {
    this.#open.add(items);
    if (items.length === 0) this.out.op(OP.EMPTY_TUPLE);
    else {
      if (items.length > 3) this.out.op(OP.MARK);
      for (let i = 0; i < items.length; i++) this.value(items[i], () => `${path()}[${i}]`);
      this.out.op(items.length > 3 ? OP.TUPLE : OP.TUPLE1 + items.length - 1);
    }
    this.#open.delete(items);
    this.#memo.set(items, this.#remember());
  }

  #dict(source: object, entries: [unknown, unknown][], path: ValuePath): void {
    this.out.op(OP.EMPTY_DICT);
    this.#memo.set(source, this.#remember());
    for (let first = 0; first < entries.length; first += BATCH_SIZE) {
      this.out.op(OP.MARK);
      for (const [key, item] of entries.slice(first, first + BATCH_SIZE)) {
        const at = () => `${path()}[${typeof key === "string" ? `'${key}'` : String(key)}]`;
        if (!isHashable(key, 0)) this.fail(at, `the dict key ${describeObject(key)} is unhashable`);
        this.value(key, at);
        this.value(item, at);
      }
      this.out.op(OP.SETITEMS);
    }
  }

  /** Protocol 3 has no set opcodes: `set([...])` or `frozenset([...])`, as Python writes it. */
  #set(items: Set<unknown>, path: ValuePath): void {
    this.#open.add(items);
    this.global("builtins", Object.isFrozen(items) ? "frozenset" : "set");
    const list = [...items];
    for (const item of list) {
      if (!isHashable(item, 0))
        this.fail(path, `the set item ${describeObject(item)} is unhashable`);
    }
    this.#list(list, path);
    this.out.op(OP.TUPLE1);
    this.out.op(OP.REDUCE);
    this.#open.delete(items);
    this.#memo.set(items, this.#remember());
  }

  /** Only the inert builtins: naming any other class would make Python import its module. */
  #class(cls: PythonClass, path: ValuePath): void {
    if (cls.module !== "builtins" || !INERT_BUILTIN_TYPES.includes(cls.name)) {
      this.fail(path, `the class ${cls.qualifiedName} is not one of the builtin types written`);
    }
    if (cls.name !== "NoneType") {
      this.global("builtins", cls.name);
      return;
    }
    // NoneType has no global name; Python pickles it as type(None).
    this.global("builtins", "type");
    this.out.op(OP.NONE);
    this.out.op(OP.TUPLE1);
    this.out.op(OP.REDUCE);
  }

  #complex(value: { re: number; im: number }): void {
    this.global("builtins", "complex");
    this.out.float(value.re);
    this.out.float(value.im);
    this.out.op(OP.TUPLE2);
    this.out.op(OP.REDUCE);
  }

  /** Memoises the top of the stack in the next slot, returning the slot. */
  #remember(): number {
    const slot = this.#nextSlot++;
    this.out.put(slot);
    return slot;
  }
}

function isComplex(value: object): value is { re: number; im: number } {
  const keys = Object.keys(value);
  const { re, im } = value as Record<string, unknown>;
  return (
    keys.length === 2 &&
    keys.includes("re") &&
    keys.includes("im") &&
    typeof re === "number" &&
    typeof im === "number" &&
    isPlainObject(value)
  );
}

function isPlainObject(value: object): boolean {
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** Whether Python could hash the value this writes: immutable values, tuples of them. */
function isHashable(value: unknown, depth: number): boolean {
  if (value === null || value === undefined || typeof value !== "object") return true;
  if (depth > MAX_DEPTH) return false;
  if (value instanceof PythonClass || value instanceof Uint8Array || isComplex(value)) return true;
  if (Array.isArray(value) && Object.isFrozen(value))
    return value.every((item) => isHashable(item, depth + 1));
  if (value instanceof Set && Object.isFrozen(value))
    return [...value].every((item) => isHashable(item, depth + 1));
  return false;
}

function describeObject(value: unknown): string {
  if (typeof value !== "object" || value === null) return String(value);
  if (Array.isArray(value)) return "a list";
  const name = value.constructor?.name;
  return name ? `an object of class ${name}` : "an object";
}
