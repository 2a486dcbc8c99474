import { TypeMismatchError } from "../../engine/errors.js";
import {
  type Complex,
  type DataOf,
  type DTypeInfo,
  type DTypeName,
  dtypeInfo,
  type ElementOf,
  TYPED_ARRAY_DTYPES,
  type TypedArray,
  type TypedArrayConstructor,
} from "./dtype.js";
import { float16ToNumber } from "./float16.js";
import type { PythonClass } from "./pickle/python-class.js";
import { type StructLayout, structInfo } from "./struct-dtype.js";
import { readRecord } from "./struct-values.js";

/** Memory layout of a multi-dimensional array: row-major (`C`) or column-major (`F`). */
export type Order = "C" | "F";

/** What {@link NDArray}'s constructor takes. */
export interface NDArrayInit<D extends DTypeName> {
  readonly dtype: D;
  readonly shape: readonly number[];
  readonly data: DataOf<D>;
  /** Defaults to `C`. */
  readonly order?: Order;
  /** The record layout; required for dtype `struct`, ignored otherwise. */
  readonly fields?: StructLayout;
}

/**
 * An n-dimensional array with a NumPy dtype: the value a task receives for
 * `t.ndarray()`.
 *
 * `data` holds every item in the machine's byte order, laid out in `order`:
 * a typed array for numbers (`Float64Array` for `float64`, `BigInt64Array`
 * for `int64`, `datetime64` and `timedelta64`, `Uint8Array` of 0/1 for
 * `bool`, raw bits in a `Uint16Array` for `float16`), interleaved re/im
 * floats for complex dtypes, `string[]` for `U<n>` and `S<n>`, and one
 * `Uint8Array` of `size * n` bytes for `V<n>`, an array of converted
 * Python values for `object` (read and written only with
 * `t.ndarray({ allowPickle: true })`: None is `null`, int a number or a
 * bigint, tuple a frozen array, dict a `Map`, set a `Set`, a builtin class a
 * {@link PythonClass}; a safe-integer number is written as an int and any
 * other number as a float), and the raw
 * records (every field little-endian) for `struct`, whose {@link fields}
 * describe them and whose `get` returns one object per record.
 *
 * `S<n>` items are byte strings: each character of the JavaScript string
 * stands for one byte (latin1, so bytes 0x80–0xFF survive a round trip), and
 * trailing NUL bytes are stripped on reading, as NumPy does.
 *
 * @example
 * ```ts
 * const a = NDArray.from(new Float64Array([1, 2, 3, 4, 5, 6]), [2, 3]);
 * a.get(1, 2); // 6
 * ```
 */
export class NDArray<D extends DTypeName = DTypeName> {
  readonly dtype: D;
  readonly shape: readonly number[];
  readonly order: Order;
  readonly data: DataOf<D>;
  /** Number of items: the product of `shape` (1 for a 0-d array). */
  readonly size: number;
  /** For dtype `struct`: the fields of each record (`data` holds the raw records). */
  readonly fields: StructLayout | undefined;
  readonly #info: DTypeInfo;
  readonly #strides: readonly number[];

  constructor(init: NDArrayInit<D>) {
    const info = infoFor(init.dtype, init.fields);
    this.dtype = init.dtype;
    this.shape = Object.freeze(checkShape(init.shape));
    this.order = init.order ?? "C";
    if (this.order !== "C" && this.order !== "F") throw mismatch(`order must be "C" or "F"`);
    this.size = this.shape.reduce((a, b) => a * b, 1);
    this.#info = info;
    this.fields = info.layout;
    checkData(info, init.data, this.size);
    this.data = init.data;
    this.#strides = stridesOf(this.shape, this.order);
  }

  /** Number of dimensions. */
  get ndim(): number {
    return this.shape.length;
  }

  /** Bytes per item, as NumPy's `itemsize`. */
  get itemSize(): number {
    return this.#info.itemSize;
  }

  /**
   * The item at a logical index (one number per dimension, `a[i, j]` in
   * NumPy), whatever the memory order.
   */
  get(...index: number[]): ElementOf<D> {
    return this.#item(this.offsetOf(index));
  }

  /** Position in memory (in items) of a logical index; throws when out of bounds. */
  offsetOf(index: readonly number[]): number {
    return offsetIn(this.shape, this.#strides, index);
  }

  /** Every item as nested JavaScript arrays in logical (row-major) nesting; 0-d gives the item. */
  toNested(): unknown {
    const build = (axis: number, offset: number): unknown => {
      if (axis === this.shape.length) return this.#item(offset);
      const out: unknown[] = [];
      for (let i = 0; i < this.shape[axis]!; i++) {
        out.push(build(axis + 1, offset + i * this.#strides[axis]!));
      }
      return out;
    };
    return build(0, 0);
  }

  /** Item `offset` of `data` (memory order) as a JavaScript value. */
  itemAt(offset: number): ElementOf<D> {
    if (!Number.isInteger(offset) || offset < 0 || offset >= this.size) {
      throw new RangeError(`offset ${offset} is out of bounds for size ${this.size}`);
    }
    return this.#item(offset);
  }

  #item(offset: number): ElementOf<D> {
    return readItem(this.#info, this.data, offset) as ElementOf<D>;
  }

  /**
   * An array over the items of a typed array (or of a plain array of
   * numbers, booleans, bigints or strings), with an optional shape; the
   * dtype follows the element type (`Float64Array` → `float64`, `number[]` →
   * `float64`, `string[]` → `U<longest>`). Typed arrays are used as they are,
   * not copied.
   */
  static from<T extends TypedArray | readonly unknown[]>(
    source: T,
    shape?: readonly number[],
  ): NDArray<FromDType<T>> {
    const [dtype, data] = dataFrom(source);
    const length = dtype.startsWith("complex") ? (data as TypedArray).length / 2 : source.length;
    return new NDArray({
      dtype: dtype as FromDType<T>,
      shape: shape ?? [length],
      data: data as DataOf<FromDType<T>>,
    });
  }

  /** An array of zeros (false, empty strings, the epoch) of the given dtype and shape. */
  static zeros<D extends DTypeName>(
    dtype: D,
    shape: readonly number[],
    order: Order = "C",
    fields?: StructLayout,
  ) {
    const info = infoFor(dtype, fields);
    const size = checkShape(shape).reduce((a, b) => a * b, 1);
    const data = emptyData(info, size) as DataOf<D>;
    return new NDArray<D>({ dtype, shape, data, order, ...(fields ? { fields } : {}) });
  }
}

/** The dtype information of an array (for `struct`, built from its fields). */
export function infoOf(array: NDArray): DTypeInfo {
  return infoFor(array.dtype, array.fields);
}

function infoFor(dtype: DTypeName, fields: StructLayout | undefined): DTypeInfo {
  if (dtype === "struct") {
    if (!fields) throw mismatch("dtype struct needs its fields");
    return structInfo(fields);
  }
  const info = dtypeInfo(dtype);
  if (!info) throw mismatch(`unsupported dtype "${String(dtype)}"`);
  return info;
}

/** The dtype {@link NDArray.from} gives for a source type. */
export type FromDType<T> = T extends Float64Array
  ? "float64"
  : T extends Float32Array
    ? "float32"
    : T extends Int8Array
      ? "int8"
      : T extends Int16Array
        ? "int16"
        : T extends Int32Array
          ? "int32"
          : T extends Uint16Array
            ? "uint16"
            : T extends Uint32Array
              ? "uint32"
              : T extends BigInt64Array
                ? "int64"
                : T extends BigUint64Array
                  ? "uint64"
                  : T extends Uint8Array | Uint8ClampedArray
                    ? "uint8"
                    : T extends readonly number[]
                      ? "float64"
                      : T extends readonly boolean[]
                        ? "bool"
                        : T extends readonly bigint[]
                          ? "int64"
                          : T extends readonly string[]
                            ? `U${number}`
                            : DTypeName;

/** Storage for `size` zero items of a dtype. */
export function emptyData(info: DTypeInfo, size: number): DataOf<DTypeName> {
  switch (info.storage) {
    case "typed":
      return new info.arrayType!(size);
    case "complex":
      return new info.arrayType!(size * 2);
    case "void":
    case "struct":
      return new Uint8Array(size * info.itemSize);
    case "object":
      return new Array<unknown>(size).fill(null);
    default:
      return new Array<string>(size).fill("");
  }
}

function readItem(info: DTypeInfo, data: DataOf<DTypeName>, offset: number): unknown {
  switch (info.storage) {
    case "complex": {
      const floats = data as Float32Array | Float64Array;
      return { re: floats[offset * 2]!, im: floats[offset * 2 + 1]! } satisfies Complex;
    }
    case "void":
      return (data as Uint8Array).subarray(offset * info.itemSize, (offset + 1) * info.itemSize);
    case "struct":
      return readRecord(info.layout!, data as Uint8Array, offset);
    case "text":
    case "bytes-string":
    case "object":
      return (data as unknown[])[offset];
    default: {
      const value = (data as TypedArray)[offset]!;
      if (info.name === "bool") return value !== 0;
      if (info.name === "float16") return float16ToNumber(value as number);
      return value;
    }
  }
}

function dataFrom(source: TypedArray | readonly unknown[]): [DTypeName, DataOf<DTypeName>] {
  if (source instanceof Uint8ClampedArray) {
    return ["uint8", new Uint8Array(source.buffer, source.byteOffset, source.length)];
  }
  if (ArrayBuffer.isView(source)) {
    const name = TYPED_ARRAY_DTYPES.get(source.constructor);
    if (name) return [name, source];
    // A subclass such as Node's Buffer: a plain view of its base type, so `data` is exact.
    for (const [type, typeName] of TYPED_ARRAY_DTYPES) {
      if (source instanceof (type as TypedArrayConstructor)) {
        const view = new (type as TypedArrayConstructor)(
          source.buffer as ArrayBuffer,
          source.byteOffset,
          (source as TypedArray).length,
        );
        return [typeName, view as DataOf<DTypeName>];
      }
    }
  }
  if (Array.isArray(source)) {
    const items = source as readonly unknown[];
    if (items.every((v) => typeof v === "number")) return ["float64", Float64Array.from(items)];
    if (items.every((v) => typeof v === "boolean")) {
      return ["bool", Uint8Array.from(items, (v) => (v ? 1 : 0))];
    }
    if (items.every((v) => typeof v === "bigint")) return ["int64", BigInt64Array.from(items)];
    if (items.every((v) => typeof v === "string")) {
      const longest = items.reduce<number>((n, s) => Math.max(n, [...s].length), 1);
      return [`U${longest}`, [...items]];
    }
  }
  throw mismatch(
    "NDArray.from takes a typed array or an array of numbers, booleans, bigints or strings",
  );
}

function checkShape(shape: readonly number[]): number[] {
  if (!Array.isArray(shape)) throw mismatch("shape must be an array of non-negative integers");
  let size = 1;
  for (const extent of shape) {
    if (!Number.isSafeInteger(extent) || extent < 0) {
      throw mismatch(`shape (${shape.join(", ")}) must hold non-negative integers`);
    }
    size *= extent;
  }
  if (!Number.isSafeInteger(size)) throw mismatch(`shape (${shape.join(", ")}) is too large`);
  return [...shape];
}

function checkData(info: DTypeInfo, data: unknown, size: number): void {
  const bytewise = info.storage === "void" || info.storage === "struct";
  const expected = info.storage === "complex" ? size * 2 : bytewise ? size * info.itemSize : size;
  let ok: boolean;
  if (info.storage === "object") {
    ok = Array.isArray(data);
  } else if (info.storage === "text" || info.storage === "bytes-string") {
    ok = Array.isArray(data) && data.every((item) => typeof item === "string");
  } else if (bytewise) {
    ok = data instanceof Uint8Array;
  } else {
    ok = data instanceof info.arrayType!;
  }
  if (!ok) {
    const want =
      info.storage === "object"
        ? "an array"
        : info.storage === "text" || info.storage === "bytes-string"
          ? "an array of strings"
          : `a ${bytewise ? "Uint8Array" : info.arrayType!.name}`;
    throw mismatch(`data of dtype ${info.name} must be ${want}`);
  }
  const length = (data as { length: number }).length;
  if (length !== expected) {
    throw mismatch(
      `data of dtype ${info.name} has ${length} elements, the shape needs ${expected}`,
    );
  }
}

/** Position in memory (in items) of a logical index, given the strides; throws when out of bounds. */
export function offsetIn(
  shape: readonly number[],
  strides: readonly number[],
  index: readonly number[],
): number {
  if (index.length !== shape.length) {
    throw new RangeError(`expected ${shape.length} indices, got ${index.length}`);
  }
  let offset = 0;
  for (let axis = 0; axis < index.length; axis++) {
    const i = index[axis]!;
    const extent = shape[axis]!;
    if (!Number.isInteger(i) || i < 0 || i >= extent) {
      throw new RangeError(`index ${i} is out of bounds for axis ${axis} with size ${extent}`);
    }
    offset += i * strides[axis]!;
  }
  return offset;
}

/** Strides in items of a dense array of `shape` laid out in `order`. */
export function stridesOf(shape: readonly number[], order: Order): number[] {
  const strides = new Array<number>(shape.length).fill(1);
  if (order === "C") {
    for (let axis = shape.length - 2; axis >= 0; axis--) {
      strides[axis] = strides[axis + 1]! * shape[axis + 1]!;
    }
  } else {
    for (let axis = 1; axis < shape.length; axis++) {
      strides[axis] = strides[axis - 1]! * shape[axis - 1]!;
    }
  }
  return strides;
}

function mismatch(reason: string): TypeMismatchError {
  return new TypeMismatchError(`cannot make an array: ${reason}`);
}
