/**
 * Writes {@link NDArray}s as `.npy` files that NumPy loads: little-endian
 * data (byte order `|` for one-byte types), the header NumPy itself would
 * write, and the data streamed from the array's memory without copies.
 */
import { open } from "node:fs/promises";
import { reserveFileSpace } from "../../platform/kernel-hints.js";
import { type DTypeInfo, HOST_LITTLE_ENDIAN, type TypedArray } from "./dtype.js";
import { dataChunks } from "./encode-data.js";
import { infoOf, type NDArray, type Order } from "./ndarray.js";
import { formatHeader } from "./npy-header.js";
import { pickleNotAllowed, pickleObjectArray } from "./pickle/write-object-array.js";

/** Options of {@link npyChunks}, {@link encodeNpy} and {@link writeNpyFile}. */
export interface WriteNpyOptions {
  /**
   * Write object arrays, as a pickle that `np.load(..., allow_pickle=True)`
   * reads; refused by default, as NumPy's `np.save(allow_pickle=False)`.
   */
  readonly allowPickle?: boolean;
  readonly signal?: AbortSignal;
}

/** Largest single write; `fs` refuses writes above 2 GiB. */
const WRITE_CHUNK = 1 << 30;

/**
 * The preamble and header for `array`. `fortran_order` is set only when the
 * array is column-major and that differs from row-major, as NumPy decides:
 * a 1-d or empty array, or one with a single extent above 1, is written C.
 */
export function npyHeader(array: NDArray): Uint8Array {
  return npyHeaderFor(infoOf(array), array.shape, array.order);
}

/** The preamble and header for an array of this dtype, shape and order. */
export function npyHeaderFor(info: DTypeInfo, shape: readonly number[], order: Order): Uint8Array {
  const fortran = order === "F" && !layoutsCoincide(shape);
  return formatHeader(info.descr, fortran, shape);
}

/** Length of the `.npy` file {@link npyChunks} gives, or `undefined` for an object array (a pickle). */
export function npyByteLength(array: NDArray): number | undefined {
  if (array.dtype === "object") return undefined;
  return npyHeader(array).length + array.size * infoOf(array).itemSize;
}

/** The whole `.npy` file as chunks: the header, then the data, ready for a stream. */
export function* npyChunks(array: NDArray, options: WriteNpyOptions = {}): Generator<Uint8Array> {
  if (array.dtype === "object") {
    if (!options.allowPickle) throw pickleNotAllowed();
    const pickle = pickleObjectArray(array);
    yield npyHeader(array);
    yield pickle;
    return;
  }
  yield npyHeader(array);
  yield* dataChunks(array);
}

/** The whole `.npy` file in one buffer (a copy of the data; prefer {@link npyChunks} for big arrays). */
export function encodeNpy(array: NDArray, options: WriteNpyOptions = {}): Uint8Array {
  const chunks = [...npyChunks(array, options)];
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.length;
  }
  return out;
}

/**
 * Writes `array` to a local file: the header, then numeric data in one
 * write straight from the array's memory. The file is written in place;
 * storage URIs go through `FileAccess`, which writes atomically.
 */
export async function writeNpyFile(
  path: string,
  array: NDArray,
  options: WriteNpyOptions = {},
): Promise<void> {
  // Refuse before the file is created, so that a refused write leaves nothing behind.
  const chunks = npyChunks(array, options);
  const first = chunks.next();
  const handle = await open(path, "w");
  try {
    const info = infoOf(array);
    const direct = ["typed", "complex", "void", "struct"].includes(info.storage);
    if (direct && (HOST_LITTLE_ENDIAN || info.swapSize === 1)) {
      const header = npyHeader(array);
      const typed = array.data as TypedArray;
      reserveFileSpace(handle.fd, header.length + typed.byteLength);
      await writeAll(handle, header, options.signal);
      await writeAll(
        handle,
        new Uint8Array(typed.buffer, typed.byteOffset, typed.byteLength),
        options.signal,
      );
    } else {
      if (!first.done) await writeAll(handle, first.value, options.signal);
      for (const chunk of chunks) await writeAll(handle, chunk, options.signal);
    }
  } finally {
    await handle.close();
  }
}

async function writeAll(
  handle: Awaited<ReturnType<typeof open>>,
  bytes: Uint8Array,
  signal: AbortSignal | undefined,
): Promise<void> {
  let written = 0;
  while (written < bytes.length) {
    signal?.throwIfAborted();
    const length = Math.min(WRITE_CHUNK, bytes.length - written);
    const result = await handle.write(bytes, written, length);
    written += result.bytesWritten;
  }
}

/** True when C and Fortran order put the items in the same sequence. */
function layoutsCoincide(shape: readonly number[]): boolean {
  if (shape.includes(0)) return true;
  return shape.filter((extent) => extent > 1).length <= 1;
}
