/**
 * `t.ndarray(options)`: the descriptor, its options (flytekit's
 * `Annotated[np.ndarray, kwtypes(...)]` plus a declared dtype and number of
 * dimensions), and the static type of the value a task receives.
 */
import { type Descriptor, descriptor } from "../../engine/descriptor.js";
import { checkDeclaration } from "./declared.js";
import type { DTypeName } from "./dtype.js";
import type { MappedNDArray, MmapMode } from "./mapped/mapped-ndarray.js";
import type { NDArray } from "./ndarray.js";
import type { NDArrayInput } from "./to-ndarray.js";

/** Options of `t.ndarray()`. */
export interface NDArrayOptions<D extends DTypeName = DTypeName> {
  /**
   * Read and write object (`|O`) arrays, which are pickles; refused by
   * default. Reading rebuilds plain data only and never runs code; writing
   * maps JavaScript values to Python ones as NumPy's `np.save` would store
   * them (see {@link NDArray} for the mapping).
   */
  readonly allowPickle?: boolean;
  /**
   * Open inputs lazily instead of reading them whole, with NumPy's modes
   * `r`, `r+` or `c`: the task receives a {@link MappedNDArray} whose items
   * are read when asked for (ranged reads for arrays in S3). `w+` creates
   * a file and so cannot open an input. Outputs are written as usual.
   */
  readonly mmapMode?: MmapMode;
  /**
   * The dtype every array must have, checked on the way in and out with an
   * error saying what arrived; it also types the value (`NDArray<"float32">`).
   */
  readonly dtype?: D;
  /** The number of dimensions every array must have, checked likewise. */
  readonly ndim?: number;
}

/** The dtype an options object declares, or any dtype. */
type DeclaredDType<O> = O extends { readonly dtype: infer D extends DTypeName } ? D : DTypeName;

/**
 * What a task receives for `t.ndarray(options)`: an {@link NDArray} of the
 * declared dtype, or a {@link MappedNDArray} when `mmapMode` is set.
 */
export type NDArrayValue<O> = "mmapMode" extends keyof O
  ? O[keyof O & "mmapMode"] extends MmapMode
    ? MappedNDArray<DeclaredDType<O>>
    : O[keyof O & "mmapMode"] extends undefined
      ? NDArray<DeclaredDType<O>>
      : NDArray<DeclaredDType<O>> | MappedNDArray<DeclaredDType<O>>
  : NDArray<DeclaredDType<O>>;

/** What a task may return for `t.ndarray()`: an array of any kind, checked at run time. */
export type NDArrayAccepts = NDArrayInput | MappedNDArray;

export interface NDArrayDescriptor<V = NDArray | MappedNDArray>
  extends Descriptor<V, NDArrayAccepts>,
    NDArrayOptions {
  readonly kind: "ndarray";
}

/**
 * An n-dimensional NumPy array, received as an {@link NDArray} (or, with
 * `mmapMode`, a {@link MappedNDArray}). A task may return an NDArray, a
 * typed array, a mapped array, or a scijs / `@stdlib/ndarray` array.
 *
 * @example
 * ```ts
 * const scale = task(
 *   { name: "scale", inputs: { a: t.ndarray({ dtype: "float64", ndim: 2 }) }, outputs: t.ndarray() },
 *   ({ a }) => a.data.map((x) => x * 2), // a.data is a Float64Array
 * );
 * ```
 */
export function ndarray<const O extends NDArrayOptions = Record<never, never>>(
  options?: O,
): NDArrayDescriptor<NDArrayValue<O>> {
  checkDeclaration(options ?? {});
  return descriptor<NDArrayValue<O>, NDArrayAccepts, NDArrayOptions>(
    "ndarray",
    options ?? {},
  ) as NDArrayDescriptor<NDArrayValue<O>>;
}
