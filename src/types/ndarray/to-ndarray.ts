/**
 * Accepts the array values users already have: an {@link NDArray}, a plain
 * typed array (1-d), or an n-dimensional array from a common JavaScript
 * library, recognised by its shape rather than its class:
 *
 * - scijs `ndarray`: `{ data, shape, stride, offset }`
 * - `@stdlib/ndarray`: `{ data, shape, strides, offset, order, dtype }`
 *
 * Strided views (transposed, sliced across rows, negative steps) are copied
 * out in logical row-major order; dense ones, in either order and at any
 * offset, become views of the same memory without a copy. To hand an
 * NDArray to those libraries, see `toScijs` and `toStdlib`.
 */
import { TypeMismatchError } from "../../engine/errors.js";
import { describeValue } from "../primitives/scalar-transformer.js";
import { type DTypeName, TYPED_ARRAY_DTYPES, type TypedArray } from "./dtype.js";
import { NDArray, type Order } from "./ndarray.js";

/** An n-dimensional array from another library, as far as this package needs to know it. */
export interface NDArrayLike {
  readonly data: ArrayLike<unknown>;
  readonly shape: readonly number[];
  /** scijs spelling. */
  readonly stride?: readonly number[];
  /** `@stdlib/ndarray` spelling. */
  readonly strides?: readonly number[];
  readonly offset?: number;
}

/** What `t.ndarray()` accepts as an output value. */
export type NDArrayInput = NDArray | TypedArray | NDArrayLike;

/** Converts any accepted value to an NDArray, or explains what was wrong with it. */
export function toNDArray(value: unknown, label = "value"): NDArray {
  if (value instanceof NDArray) return value;
  if (ArrayBuffer.isView(value) && !(value instanceof DataView)) {
    return NDArray.from(value as TypedArray);
  }
  if (isNDArrayLike(value)) return fromStrided(value, label);
  throw new TypeMismatchError(
    `expected an NDArray, a typed array, or an n-dimensional array object with data, shape ` +
      `and strides (scijs ndarray, @stdlib/ndarray); got ${describeValue(value)}`,
  );
}

function isNDArrayLike(value: unknown): value is NDArrayLike {
  if (typeof value !== "object" || value === null) return false;
  const v = value as Record<string, unknown>;
  const strides = v.strides ?? v.stride;
  return (
    typeof v.data === "object" &&
    v.data !== null &&
    Array.isArray(v.shape) &&
    Array.isArray(strides) &&
    strides.length === v.shape.length
  );
}

function fromStrided(like: NDArrayLike, label: string): NDArray {
  const shape = [...like.shape];
  const strides = [...(like.strides ?? like.stride ?? [])];
  const offset = like.offset ?? 0;
  const size = shape.reduce((a, b) => a * b, 1);
  const bad = (reason: string) =>
    new TypeMismatchError(`cannot convert ${label} to an array: ${reason}`);
  if (!shape.every((n) => Number.isSafeInteger(n) && n >= 0)) throw bad(`bad shape [${shape}]`);
  if (!strides.every(Number.isSafeInteger) || !Number.isSafeInteger(offset)) {
    throw bad(`bad strides [${strides}] or offset ${offset}`);
  }

  const [dtype, typeOf] = storageFor(like.data, bad);
  checkBounds(shape, strides, offset, like.data.length, bad);
  const contiguous = contiguousOrder(shape, strides);
  if (contiguous && ArrayBuffer.isView(like.data)) {
    // Dense items from `offset` on: a view of the same memory, of the base typed-array class.
    const source = like.data as TypedArray;
    const exact = source.constructor === typeOf && offset === 0 && source.length === size;
    const view = exact
      ? source
      : size === 0
        ? new typeOf(0)
        : new typeOf(
            source.buffer as ArrayBuffer,
            source.byteOffset + offset * source.BYTES_PER_ELEMENT,
            size,
          );
    return new NDArray({ dtype, shape, order: contiguous, data: view as NDArray["data"] });
  }

  const target = new typeOf(size);
  // Walk the logical indices in row-major order with an odometer over the strides.
  const source = like.data as ArrayLike<number | bigint | boolean>;
  const index = new Array<number>(shape.length).fill(0);
  let position = offset;
  for (let i = 0; i < size; i++) {
    const item = source[position]!;
    (target as unknown as Record<number, unknown>)[i] =
      typeof item === "boolean" ? Number(item) : item;
    for (let axis = shape.length - 1; axis >= 0; axis--) {
      index[axis]!++;
      position += strides[axis]!;
      if (index[axis]! < shape[axis]!) break;
      position -= strides[axis]! * shape[axis]!;
      index[axis] = 0;
    }
  }
  return new NDArray({ dtype, shape, data: target as NDArray["data"] });
}

/** A typed-array class, constructible from a length or over a buffer. */
type TypedArrayClass = {
  new (length: number): TypedArray;
  new (buffer: ArrayBuffer, byteOffset: number, length: number): TypedArray;
};

/** The dtype and the typed-array class that stores the source's element type. */
function storageFor(
  data: ArrayLike<unknown>,
  bad: (reason: string) => TypeMismatchError,
): [DTypeName, TypedArrayClass] {
  if (ArrayBuffer.isView(data)) {
    if (data instanceof Uint8ClampedArray) return ["uint8", Uint8Array];
    // By instanceof, so that subclasses (Node's Buffer) count as their base type.
    for (const [type, name] of TYPED_ARRAY_DTYPES) {
      if (data instanceof (type as abstract new (...args: never[]) => unknown)) {
        return [name, type as TypedArrayClass];
      }
    }
  }
  if (Array.isArray(data)) {
    if (data.every((v) => typeof v === "number")) return ["float64", Float64Array];
    if (data.every((v) => typeof v === "boolean")) return ["bool", Uint8Array];
    if (data.every((v) => typeof v === "bigint")) return ["int64", BigInt64Array];
  }
  throw bad(
    "its data must be a typed array or an array of numbers, booleans or bigints " +
      `(got ${describeValue(data)})`,
  );
}

/** Refuses strides that would read outside `data`, before reading anything. */
function checkBounds(
  shape: readonly number[],
  strides: readonly number[],
  offset: number,
  length: number,
  bad: (reason: string) => TypeMismatchError,
): void {
  if (shape.includes(0)) return;
  let low = offset;
  let high = offset;
  shape.forEach((extent, axis) => {
    const reach = strides[axis]! * (extent - 1);
    if (reach < 0) low += reach;
    else high += reach;
  });
  if (low < 0 || high >= length) {
    throw bad(
      `shape [${shape}], strides [${strides}] and offset ${offset} reach outside its ${length} items`,
    );
  }
}

/** `C` or `F` when the strides are exactly those of a dense array in that order. */
function contiguousOrder(shape: readonly number[], strides: readonly number[]): Order | undefined {
  const dense = (order: Order) => {
    let expected = 1;
    const axes = shape.map((_, i) => i);
    if (order === "C") axes.reverse();
    for (const axis of axes) {
      if (shape[axis]! > 1 && strides[axis] !== expected) return false;
      expected *= shape[axis]!;
    }
    return true;
  };
  if (dense("C")) return "C";
  return dense("F") ? "F" : undefined;
}
