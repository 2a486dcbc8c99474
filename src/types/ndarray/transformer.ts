/**
 * `t.ndarray()`: arrays travel as blobs of format `NumpyArray` holding one
 * `.npy` file, as Python flytekit's NumpyArrayTransformer writes them, so a
 * Python task reads what a TypeScript task wrote and the other way round.
 */
import { errorContext, type TransformContext, where } from "../../engine/context.js";
import { TypeMismatchError } from "../../engine/errors.js";
import { escapeHtml } from "../../engine/html.js";
import type { TypeTransformer } from "../../engine/transformer.js";
import type { ILiteral } from "../../model/flyteidl.js";
import { blobType, describeLiteralType } from "../../model/literal-types.js";
import { blobLiteral } from "../../model/literals.js";
import { declaredMismatch } from "./declared.js";
import { describeNDArray, formatItem, previewNDArray, statsOf } from "./describe.js";
import { MappedNDArray } from "./mapped/mapped-ndarray.js";
import { openNpy } from "./mapped/open-npy.js";
import type { NDArray } from "./ndarray.js";
import { type NDArrayDescriptor, ndarray } from "./ndarray-descriptor.js";
import { formatShape } from "./npy-header.js";
import { readNpy, readNpyFile } from "./read-npy.js";
import { toNDArray } from "./to-ndarray.js";
import { npyByteLength, npyChunks } from "./write-npy.js";

export { type NDArrayDescriptor, type NDArrayOptions, ndarray } from "./ndarray-descriptor.js";

/** Flyte's blob format for NumPy arrays; Python flytekit looks for exactly this string. */
export const NUMPY_ARRAY_FORMAT = "NumpyArray";

/** File name of the blob, as flytekit names it. */
const BLOB_FILE_NAME = "array.npy";

/** Items shown in the HTML preview before it is summarised. */
const HTML_PREVIEW_ITEMS = 100;

export const ndarrayTransformer: TypeTransformer<NDArrayDescriptor> = {
  kind: "ndarray",
  name: "a numpy array",
  literalType: () => blobType(NUMPY_ARRAY_FORMAT),

  async toLiteral(ctx, value, d) {
    const uri = ctx.files.newBlobUri(BLOB_FILE_NAME);
    if (value instanceof MappedNDArray) {
      checkDeclared(ctx, d, value);
      const length = value.dataOffset + value.size * value.itemSize;
      await ctx.files.writeStream(uri, value.npyChunks(ctx.signal), ctx.signal, length);
      return blobLiteral(uri, NUMPY_ARRAY_FORMAT);
    }
    const array = toNDArray(value, ctx.variable);
    checkDeclared(ctx, d, array);
    // The first chunk is made before any storage is touched: a refused array leaves nothing.
    const chunks = npyChunks(array, { allowPickle: d.allowPickle === true });
    const first = chunks.next();
    await ctx.files.writeStream(uri, resumed(first, chunks), ctx.signal, npyByteLength(array));
    return blobLiteral(uri, NUMPY_ARRAY_FORMAT);
  },

  async toValue(ctx, literal, d) {
    const uri = npyBlobUri(ctx, literal);
    const expect = {
      ...(d.dtype ? { dtype: d.dtype } : {}),
      ...(d.ndim !== undefined ? { ndim: d.ndim } : {}),
    };
    const options = { source: uri, allowPickle: d.allowPickle === true, expect };
    const signalOption = ctx.signal ? { signal: ctx.signal } : {};
    if (d.mmapMode !== undefined) {
      if (d.mmapMode === "w+") {
        throw new TypeMismatchError(
          `${where(ctx)}mmapMode "w+" creates a new array and cannot open an input ` +
            `(NumPy's np.load would empty the file); use "r", "r+" or "c"`,
          errorContext(ctx, uri),
        );
      }
      const mode = { mmapMode: d.mmapMode, files: ctx.files };
      return openNpy(uri, { ...options, ...mode, ...signalOption });
    }
    const path = await ctx.files.localPath(uri);
    if (path !== undefined) return readNpyFile(path, { ...options, ...signalOption });
    return readNpy(await ctx.files.readBytes(uri, ctx.signal), options);
  },

  guess: (type) => (type.blob?.format === NUMPY_ARRAY_FORMAT ? ndarray() : undefined),

  describe: async (_ctx, array) =>
    array instanceof MappedNDArray ? describeMapped(array) : describeNDArray(array),

  async dispose(array) {
    if (array instanceof MappedNDArray) await array.close();
  },

  async toHtml(_ctx, array) {
    if (array instanceof MappedNDArray) {
      return `<pre class="ndarray">${escapeHtml(describeMapped(array))}</pre>`;
    }
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

/** A mapped array's header facts; its items are not read to describe it. */
function describeMapped(array: MappedNDArray): string {
  return [
    `dtype: ${array.dtype}`,
    `shape: ${formatShape(array.shape)}`,
    `order: ${array.order}`,
    `mapped (mmapMode "${array.mode}") from ${array.source}`,
  ].join("\n");
}

/** Refuses an array other than the declared one, saying what was expected and what arrived. */
function checkDeclared(
  ctx: TransformContext,
  d: NDArrayDescriptor,
  array: Pick<NDArray, "dtype" | "shape">,
): void {
  const reason = declaredMismatch(d, array.dtype, array.shape);
  if (reason) throw new TypeMismatchError(`${where(ctx)}${reason}`, errorContext(ctx));
}

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
