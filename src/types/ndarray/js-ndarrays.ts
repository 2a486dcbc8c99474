/**
 * NDArrays handed to the JavaScript n-dimensional array libraries, sharing
 * memory: scijs `ndarray` and `@stdlib/ndarray`. Neither library is a
 * dependency; the caller passes its constructor, and this module only
 * computes the strided view (data, shape, strides, offset) both take.
 * The other direction is {@link toNDArray}, which recognises either
 * library's arrays by their shape.
 */
import { TypeMismatchError } from "../../engine/errors.js";
import type { DTypeName } from "./dtype.js";
import { infoOf, type NDArray, stridesOf } from "./ndarray.js";

/** An NDArray's memory as a strided view, in items of `data`. */
export interface StridedView {
  /** The NDArray's own `data` (no copy). */
  readonly data: ArrayLike<unknown>;
  readonly shape: number[];
  readonly strides: number[];
  readonly offset: number;
  readonly order: "row-major" | "column-major";
  /** `@stdlib/ndarray`'s name for the element type of `data`. */
  readonly dtype: string;
}

/** stdlib's names for the element types; `bool` data is 0/1 bytes, so `uint8`. */
const STDLIB_DTYPES: Partial<Record<string, string>> = {
  bool: "uint8",
  int8: "int8",
  int16: "int16",
  int32: "int32",
  uint8: "uint8",
  uint16: "uint16",
  uint32: "uint32",
  float32: "float32",
  float64: "float64",
  complex64: "float32",
  complex128: "float64",
};

/**
 * The strided view of an array, sharing its memory. Complex arrays become
 * views of their interleaved floats with a last axis of 2 (re, im), since
 * neither library reads interleaved complex data from a float array.
 * 64-bit integers are views for scijs (which takes BigInt64Array) but have
 * no stdlib dtype; strings and objects are plain arrays (`generic`).
 * `float16`, `V<n>` and structured arrays are refused: their bytes are
 * not numbers either library understands.
 */
export function stridedView(array: NDArray): StridedView {
  const info = infoOf(array);
  const refuse = (why: string): never => {
    throw new TypeMismatchError(`cannot share an array of dtype ${array.dtype}: ${why}`);
  };
  if (array.dtype === "float16") refuse("convert it with float16ArrayToFloat32 first");
  if (info.storage === "void" || info.storage === "struct") refuse("its items are raw bytes");

  const shape = [...array.shape];
  const strides = stridesOf(shape, array.order);
  const order = array.order === "C" ? "row-major" : "column-major";
  const dtype = stdlibDType(array.dtype, info.storage);
  if (info.storage === "complex") {
    return {
      data: array.data as ArrayLike<number>,
      shape: [...shape, 2],
      strides: [...strides.map((s) => s * 2), 1],
      offset: 0,
      order,
      dtype,
    };
  }
  return { data: array.data as ArrayLike<unknown>, shape, strides, offset: 0, order, dtype };
}

function stdlibDType(dtype: DTypeName, storage: string): string {
  if (storage === "text" || storage === "bytes-string" || storage === "object") return "generic";
  return STDLIB_DTYPES[dtype] ?? "";
}

/** scijs `ndarray(data, shape, stride, offset)`. */
export type ScijsFactory<R> = (
  data: ArrayLike<unknown>,
  shape: number[],
  stride: number[],
  offset: number,
) => R;

/**
 * The array as a scijs `ndarray`, sharing memory; pass the `ndarray`
 * function you import.
 *
 * @example
 * ```ts
 * import ndarray from "ndarray";
 * const view = toScijs(array, ndarray); // view.get(i, j) === array.get(i, j)
 * ```
 */
export function toScijs<R>(array: NDArray, ndarray: ScijsFactory<R>): R {
  const view = stridedView(array);
  return ndarray(view.data, view.shape, view.strides, view.offset);
}

/** `@stdlib/ndarray/ctor`: `ndarray(dtype, buffer, shape, strides, offset, order)`. */
export type StdlibConstructor<R> = new (
  dtype: string,
  buffer: ArrayLike<unknown>,
  shape: number[],
  strides: number[],
  offset: number,
  order: "row-major" | "column-major",
) => R;

/**
 * The array as an `@stdlib/ndarray`, sharing memory; pass the constructor
 * (`@stdlib/ndarray/ctor`) you import. `int64` and `uint64` are refused:
 * stdlib has no 64-bit integer dtype.
 *
 * @example
 * ```ts
 * import ndarray from "@stdlib/ndarray/ctor";
 * const view = toStdlib(array, ndarray);
 * ```
 */
export function toStdlib<R>(array: NDArray, ndarray: StdlibConstructor<R>): R {
  const view = stridedView(array);
  if (view.dtype === "") {
    throw new TypeMismatchError(
      `cannot share an array of dtype ${array.dtype} with @stdlib/ndarray: it has no such dtype`,
    );
  }
  return new ndarray(view.dtype, view.data, view.shape, view.strides, view.offset, view.order);
}
