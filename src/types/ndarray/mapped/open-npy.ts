/**
 * Opening `.npy` files lazily (NumPy's `np.load(mmap_mode=...)` and
 * `np.lib.format.open_memmap`): only the header is read, and the array's
 * items are fetched when asked for.
 */
import { fileURLToPath } from "node:url";
import { FormatError, StorageError, TypeMismatchError } from "../../../engine/errors.js";
import type { FileAccess } from "../../../storage/files.js";
import type { DeclaredArray } from "../declared.js";
import { type DTypeInfo, type DTypeName, dtypeInfo } from "../dtype.js";
import { openFile } from "../file-reads.js";
import type { Order } from "../ndarray.js";
import { MAX_PREAMBLE_BYTES, parseHeader, parsePreamble } from "../npy-header.js";
import { type DataPlan, planData } from "../npy-plan.js";
import { checkExpected } from "../read-npy.js";
import { type StructLayout, structInfo } from "../struct-dtype.js";
import { npyHeaderFor } from "../write-npy.js";
import { type ByteSource, FileSource, RemoteSource } from "./byte-source.js";
import { MappedNDArray, type MmapMode } from "./mapped-ndarray.js";

/** Options of {@link openNpy}. */
export interface OpenNpyOptions {
  /** `r` (the default), `r+` or `c`; `w+` creates a file, see {@link createNpy}. */
  readonly mmapMode?: Exclude<MmapMode, "w+">;
  /**
   * Storage for URIs such as `s3://…`, read by ranges. Without it the
   * location is a local path or a `file://` URL.
   */
  readonly files?: FileAccess;
  /** Name used in error messages; defaults to the location. */
  readonly source?: string;
  /** The dtype and number of dimensions the array must have, checked from the header. */
  readonly expect?: DeclaredArray;
  readonly signal?: AbortSignal;
}

/**
 * Opens an `.npy` file without reading its data: one read of the header
 * (two for a remote object), whatever the file's size. See
 * {@link MappedNDArray} for how items are then read and written.
 *
 * @example
 * ```ts
 * const a = await openNpy("s3://bucket/weights.npy", { files, mmapMode: "r" });
 * const firstRow = await a.slice(0, 1);
 * ```
 */
export async function openNpy(location: string, options: OpenNpyOptions = {}) {
  const mode: MmapMode = options.mmapMode ?? "r";
  const source = options.source ?? location;
  if (!["r", "r+", "c"].includes(mode)) {
    throw new TypeMismatchError(
      `cannot open ${source}: mmapMode must be "r", "r+" or "c" (use createNpy for "w+")`,
    );
  }
  const path = options.files ? await options.files.localPath(location) : localPath(location);
  let bytes: ByteSource;
  if (path !== undefined) {
    const handle = await openFile(path, mode === "r+" ? "r+" : "r", source);
    try {
      bytes = new FileSource(handle, source, (await handle.stat()).size, mode === "r+");
    } catch (error) {
      await handle.close();
      throw error;
    }
  } else {
    if (mode === "r+") {
      throw new StorageError(
        "read_only",
        `cannot open ${source} with mmapMode "r+": remote objects have no positioned writes; ` +
          `use "c" to keep changes in memory`,
        { uri: source },
      );
    }
    const size = await options.files!.size(location, options.signal);
    if (size === undefined) {
      throw new StorageError("not_found", `cannot read ${source}: not found`, { uri: source });
    }
    bytes = new RemoteSource(options.files!, location, size);
  }
  try {
    const { plan, dataOffset } = await readPlan(bytes, source, options.signal);
    checkExpected(plan, source, options.expect);
    return new MappedNDArray(bytes, plan, dataOffset, mode);
  } catch (error) {
    await bytes.close();
    throw error;
  }
}

/** Reads exactly the header: its fixed-size start, then the rest of it. */
async function readPlan(bytes: ByteSource, source: string, signal: AbortSignal | undefined) {
  const head = await bytes.read(0, Math.min(bytes.size, MAX_PREAMBLE_BYTES), signal);
  const preamble = parsePreamble(head, bytes.size, source);
  const all = new Uint8Array(preamble.dataOffset);
  all.set(head.subarray(0, preamble.dataOffset));
  // A header shorter than two bytes ends inside the first read.
  if (preamble.dataOffset > head.length) {
    all.set(await bytes.read(head.length, preamble.dataOffset - head.length, signal), head.length);
  }
  const header = parseHeader(all.subarray(preamble.headerStart), preamble.version[0], source);
  const plan = planData(header, preamble, bytes.size, source, { allowPickle: true });
  if ("pickle" in plan) {
    throw new FormatError(
      "unsupported_dtype",
      `cannot open ${source} with mmapMode: the array holds Python objects, stored as a pickle, ` +
        "which cannot be read item by item; read it whole with t.ndarray({ allowPickle: true })",
      { uri: source },
    );
  }
  return { plan, dataOffset: preamble.dataOffset };
}

/** What {@link createNpy} makes. */
export interface CreateNpyOptions<D extends DTypeName> {
  readonly dtype: D;
  readonly shape: readonly number[];
  /** Defaults to `C`. */
  readonly order?: Order;
  /** The record layout, for dtype `struct`. */
  readonly fields?: StructLayout;
}

/**
 * Creates (or replaces) a local `.npy` file of the given dtype and shape,
 * all zeros, and opens it with mmapMode `w+`, as NumPy's `open_memmap`
 * does. The data is not written: the file is extended to its size, so it
 * takes no disk space until items are written (on file systems with sparse
 * files).
 */
export async function createNpy<D extends DTypeName>(
  location: string,
  options: CreateNpyOptions<D>,
): Promise<MappedNDArray<D>> {
  const path = localPath(location);
  if (path === undefined) {
    throw new TypeMismatchError(`cannot create ${location}: mmapMode "w+" needs a local path`);
  }
  const info = createInfo(options.dtype, options.fields, location);
  const order = options.order ?? "C";
  const shape = [...options.shape];
  const count = shape.reduce((a, b) => a * b, 1);
  if (!shape.every((n) => Number.isSafeInteger(n) && n >= 0) || !Number.isSafeInteger(count)) {
    throw new TypeMismatchError(`cannot create ${location}: bad shape (${shape.join(", ")})`);
  }
  const header = npyHeaderFor(info, shape, order);
  const byteLength = count * info.itemSize;
  const handle = await openFile(path, "w+", location);
  const bytes = new FileSource(handle, location, header.length + byteLength, true);
  try {
    await bytes.write(0, header);
    await handle.truncate(header.length + byteLength);
  } catch (error) {
    await bytes.close();
    throw error;
  }
  const byteOrder = info.swapSize === 1 ? "|" : "<";
  const plan: DataPlan = { info, byteOrder, shape, order, count, byteLength };
  return new MappedNDArray<D>(bytes, plan, header.length, "w+");
}

function createInfo(
  dtype: DTypeName,
  fields: StructLayout | undefined,
  location: string,
): DTypeInfo {
  const info = dtype === "struct" && fields ? structInfo(fields) : dtypeInfo(dtype);
  if (!info || info.storage === "object") {
    throw new TypeMismatchError(
      `cannot create ${location}: dtype ${dtype} cannot be mapped` +
        (info ? " (Python objects are a pickle)" : ""),
    );
  }
  return info;
}

/** A local path for a plain path or a `file://` URL; `undefined` for other URIs. */
function localPath(location: string): string | undefined {
  if (location.startsWith("file://")) return fileURLToPath(location);
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(location) ? undefined : location;
}
