/**
 * `t.ndarray()`: arrays travel as blobs of format `NumpyArray` holding one
 * `.npy` file, as Python flytekit's NumpyArrayTransformer writes them, so a
 * Python task reads what a TypeScript task wrote and the other way round.
 */
import { errorContext, type TransformContext, where } from "../../engine/context.js";
import { type Descriptor, descriptor } from "../../engine/descriptor.js";
import { TypeMismatchError } from "../../engine/errors.js";
import { escapeHtml } from "../../engine/html.js";
import type { TypeTransformer } from "../../engine/transformer.js";
import type { ILiteral } from "../../model/flyteidl.js";
import { blobType, describeLiteralType } from "../../model/literal-types.js";
import { blobLiteral } from "../../model/literals.js";
import { describeNDArray, formatItem, previewNDArray, statsOf } from "./describe.js";
import type { NDArray } from "./ndarray.js";
import { formatShape } from "./npy-header.js";
import { readNpy, readNpyFile } from "./read-npy.js";
import { type NDArrayInput, toNDArray } from "./to-ndarray.js";
import { npyChunks } from "./write-npy.js";

/** Flyte's blob format for NumPy arrays; Python flytekit looks for exactly this string. */
export const NUMPY_ARRAY_FORMAT = "NumpyArray";

/** File name of the blob, as flytekit names it. */
const BLOB_FILE_NAME = "array.npy";

/** Options of `t.ndarray()`, as flytekit takes them from `Annotated[np.ndarray, kwtypes(...)]`. */
export interface NDArrayOptions {
  /**
   * Read and write object (`|O`) arrays, which are pickles; refused by
   * default. Reading rebuilds plain data only and never runs code; writing
   * maps JavaScript values to Python ones as NumPy's `np.save` would store
   * them (see {@link NDArray} for the mapping).
   */
  readonly allowPickle?: boolean;
  /** Accepted for compatibility with flytekit; arrays are currently read whole. */
  readonly mmapMode?: "r" | "r+" | "c" | "w+";
}

export interface NDArrayDescriptor extends Descriptor<NDArray, NDArrayInput>, NDArrayOptions {
  readonly kind: "ndarray";
}

/**
 * An n-dimensional NumPy array, received as an {@link NDArray}. A task may
 * return an NDArray, a typed array, or a scijs / `@stdlib/ndarray` array.
 *
 * @example
 * ```ts
 * const scale = task({ name: "scale", inputs: { a: t.ndarray() }, outputs: t.ndarray() },
 *   ({ a }) => (a.data as Float64Array).map((x) => x * 2));
 * ```
 */
export function ndarray(options: NDArrayOptions = {}): NDArrayDescriptor {
  return descriptor<NDArray, NDArrayInput, NDArrayOptions>("ndarray", options) as NDArrayDescriptor;
}

/** Items shown in the HTML preview before it is summarised. */
const HTML_PREVIEW_ITEMS = 100;

export const ndarrayTransformer: TypeTransformer<NDArrayDescriptor> = {
  kind: "ndarray",
  name: "a numpy array",
  literalType: () => blobType(NUMPY_ARRAY_FORMAT),

  async toLiteral(ctx, value, d) {
    const array = toNDArray(value, ctx.variable);
    // The first chunk is made before any storage is touched: a refused array leaves nothing.
    const chunks = npyChunks(array, { allowPickle: d.allowPickle === true });
    const first = chunks.next();
    const uri = ctx.files.newBlobUri(BLOB_FILE_NAME);
    await ctx.files.writeStream(uri, resumed(first, chunks), ctx.signal);
    return blobLiteral(uri, NUMPY_ARRAY_FORMAT);
  },

  async toValue(ctx, literal, d) {
    const uri = npyBlobUri(ctx, literal);
    const options = { source: uri, allowPickle: d.allowPickle === true };
    const signalOption = ctx.signal ? { signal: ctx.signal } : {};
    const path = await ctx.files.localPath(uri);
    if (path !== undefined) return readNpyFile(path, { ...options, ...signalOption });
    return readNpy(await ctx.files.readBytes(uri, ctx.signal), options);
  },

  guess: (type) => (type.blob?.format === NUMPY_ARRAY_FORMAT ? ndarray() : undefined),

  describe: async (_ctx, array) => describeNDArray(array),

  async toHtml(_ctx, array) {
    const rows: [string, string][] = [
      ["dtype", array.dtype],
      ["shape", formatShape(array.shape)],
      ["order", array.order],
    ];
    const stats = statsOf(array);
    if (stats) {
      for (const key of ["min", "max", "mean"] as const) {
        rows.push([key, formatItem(array, stats[key])]);
      }
    }
    const table = rows
      .map(([k, v]) => `<tr><th>${escapeHtml(k)}</th><td>${escapeHtml(v)}</td></tr>`)
      .join("");
    const preview = previewNDArray(array, HTML_PREVIEW_ITEMS);
    return `<table class="ndarray">${table}</table><pre>${escapeHtml(preview)}</pre>`;
  },
};

/** The URI of a `NumpyArray` blob literal, or a TypeMismatchError saying what arrived. */
function npyBlobUri(ctx: TransformContext, literal: ILiteral): string {
  const blob = literal.scalar?.blob;
  const uri = blob?.uri;
  if (!blob || typeof uri !== "string" || uri.length === 0) {
    throw new TypeMismatchError(
      `${where(ctx)}expected a blob literal of format "${NUMPY_ARRAY_FORMAT}", got ${describeLiteral(literal)}`,
      errorContext(ctx),
    );
  }
  // An empty format is a generic blob; any other format is someone else's file.
  const format = blob.metadata?.type?.format ?? "";
  if (format !== "" && format !== NUMPY_ARRAY_FORMAT) {
    throw new TypeMismatchError(
      `${where(ctx)}expected a blob of format "${NUMPY_ARRAY_FORMAT}", got ${describeLiteralType({ blob: { format } })} at ${uri}`,
      errorContext(ctx, uri),
    );
  }
  return uri;
}

function describeLiteral(literal: ILiteral): string {
  if (literal.scalar?.blob) return "a blob without a URI";
  if (literal.scalar?.primitive) return "a primitive";
  if (literal.scalar) return "a scalar that is not a blob";
  if (literal.collection) return "a collection";
  if (literal.map) return "a map";
  return "an empty literal";
}

/** A started sync generator as an async iterable, which the storage stream API takes. */
async function* resumed(
  first: IteratorResult<Uint8Array>,
  rest: Iterator<Uint8Array>,
): AsyncGenerator<Uint8Array> {
  if (first.done) return;
  yield first.value;
  for (let next = rest.next(); !next.done; next = rest.next()) yield next.value;
}
