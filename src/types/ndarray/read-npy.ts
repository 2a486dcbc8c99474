/**
 * Reads `.npy` files (format 1.0, 2.0 and 3.0) into {@link NDArray}s.
 *
 * Every size is checked against the header before anything is allocated: a
 * header claiming a terabyte in a 1 KB file is refused at once. Bytes after
 * the data are ignored, as NumPy ignores them.
 */
import { open } from "node:fs/promises";
import { StorageError } from "../../engine/errors.js";
import { decodeData } from "./decode-data.js";
import { type ByteOrder, type DTypeInfo, parseDescr } from "./dtype.js";
import { NDArray, type Order } from "./ndarray.js";
import {
  formatShape,
  MAX_PREAMBLE_BYTES,
  type NpyHeader,
  type NpyPreamble,
  npyError,
  parseHeader,
  parsePreamble,
} from "./npy-header.js";
import { readObjectArray } from "./pickle/read-object-array.js";
import { type ParsedStruct, parseStructDescr, structInfo } from "./struct-dtype.js";
import { normaliseRecords } from "./struct-values.js";

/** Options of {@link readNpy} and {@link readNpyFile}. */
export interface ReadNpyOptions {
  /** The file's path or URI, for error messages; defaults to the path, or `.npy data`. */
  readonly source?: string;
  /**
   * Object arrays (`|O`) are pickles; they are refused unless this is set.
   * Even then no code runs: only plain data types are rebuilt.
   */
  readonly allowPickle?: boolean;
  readonly signal?: AbortSignal;
}

/** Largest single read; `fs` refuses reads above 2 GiB. */
const READ_CHUNK = 1 << 30;

/** What the header says about the data that follows it. */
type Plan = DataPlan | { readonly pickle: true; readonly shape: readonly number[] };

interface DataPlan {
  readonly info: DTypeInfo;
  readonly byteOrder: ByteOrder;
  /** For structured dtypes: the big-endian units to swap in each record. */
  readonly swaps?: ParsedStruct["swaps"];
  readonly shape: readonly number[];
  readonly order: Order;
  readonly count: number;
  readonly byteLength: number;
}

/**
 * Parses a whole `.npy` file held in memory. Numeric data in the machine's
 * byte order and suitably aligned is a view over `bytes`, not a copy.
 */
export function readNpy(input: Uint8Array, options: ReadNpyOptions = {}): NDArray {
  const source = options.source ?? ".npy data";
  // A plain view: a Node Buffer's slice() shares memory, and its subclass would leak into data.
  const bytes = new Uint8Array(input.buffer, input.byteOffset, input.length);
  const preamble = parsePreamble(bytes, bytes.length, source);
  const headerBytes = bytes.subarray(preamble.headerStart, preamble.dataOffset);
  const header = parseHeader(headerBytes, preamble.version[0], source);
  const plan = planData(header, preamble, bytes.length, source, options);
  const start = preamble.dataOffset;
  if ("pickle" in plan) return readObjectArray(bytes.subarray(start), plan.shape, source);
  const data = bytes.subarray(start, start + plan.byteLength);
  return build(plan, decodeItems(plan, data, false, source));
}

/**
 * Reads an `.npy` file from a local path with one read of the data into a
 * fresh, aligned buffer that becomes the array's storage.
 */
export async function readNpyFile(path: string, options: ReadNpyOptions = {}): Promise<NDArray> {
  const source = options.source ?? path;
  const handle = await open(path, "r").catch((error: unknown) => {
    const code = (error as NodeJS.ErrnoException).code ?? String(error);
    const kind = code === "ENOENT" ? "not_found" : "io_error";
    throw new StorageError(kind, `cannot read ${source}: ${code}`, { uri: source, cause: error });
  });
  try {
    const fileSize = (await handle.stat()).size;
    const head = await readAt(
      handle,
      0,
      Math.min(fileSize, MAX_PREAMBLE_BYTES),
      options.signal,
      source,
    );
    const preamble = parsePreamble(head, fileSize, source);
    const headerBytes = await readAt(
      handle,
      preamble.headerStart,
      preamble.headerLength,
      options.signal,
      source,
    );
    const header = parseHeader(headerBytes, preamble.version[0], source);
    const plan = planData(header, preamble, fileSize, source, options);
    if ("pickle" in plan) {
      const rest = fileSize - preamble.dataOffset;
      const pickle = await readAt(handle, preamble.dataOffset, rest, options.signal, source);
      return readObjectArray(pickle, plan.shape, source);
    }
    const data = await readAt(handle, preamble.dataOffset, plan.byteLength, options.signal, source);
    return build(plan, decodeItems(plan, data, true, source));
  } finally {
    await handle.close();
  }
}

/** Checks dtype and sizes; refuses before any allocation sized by the header. */
function planData(
  header: NpyHeader,
  preamble: NpyPreamble,
  fileSize: number,
  source: string,
  options: ReadNpyOptions,
): Plan {
  const { descr } = header;
  let parsed: { info: DTypeInfo; byteOrder: ByteOrder; swaps?: ParsedStruct["swaps"] } | undefined;
  if (typeof descr !== "string") {
    const struct = parseStructDescr(descr);
    if (typeof struct === "string") {
      throw npyError("unsupported_dtype", source, `structured dtype not supported: ${struct}`);
    }
    parsed = { info: structInfo(struct.layout), byteOrder: "|", swaps: struct.swaps };
  } else if (/^[<>|=]?O\d*$/.test(descr)) {
    if (!options.allowPickle) {
      throw npyError(
        "pickle_not_allowed",
        source,
        `the array holds Python objects (dtype '${descr}'), stored as a pickle; ` +
          "read it with t.ndarray({ allowPickle: true }) if the file is trusted",
      );
    }
    return { pickle: true, shape: header.shape };
  } else {
    parsed = parseDescr(descr);
    if (!parsed) throw npyError("unsupported_dtype", source, `dtype '${descr}' is not supported`);
  }

  const byteLength = header.count * BigInt(parsed.info.itemSize);
  const available = BigInt(Math.max(0, fileSize - preamble.dataOffset));
  if (byteLength > available) {
    throw npyError(
      "truncated_data",
      source,
      `header says shape ${formatShape(header.shape)} of ${parsed.info.name} (${byteLength} bytes) ` +
        `but the file holds ${available} bytes of data`,
    );
  }
  return {
    ...parsed,
    shape: header.shape,
    order: header.fortranOrder ? "F" : "C",
    count: Number(header.count),
    byteLength: Number(byteLength),
  };
}

function decodeItems(plan: DataPlan, data: Uint8Array, owned: boolean, source: string) {
  if (plan.swaps === undefined) {
    return decodeData(plan.info, plan.byteOrder, data, plan.count, owned, source);
  }
  return normaliseRecords(data, plan.count, plan.info.itemSize, plan.swaps, owned);
}

function build(plan: DataPlan, data: NDArray["data"]): NDArray {
  const { info, shape, order } = plan;
  const fields = info.layout ? { fields: info.layout } : {};
  return new NDArray({ dtype: info.name, shape, order, data, ...fields });
}

/**
 * Concurrent reads for large data. Most of a big read's time goes to the
 * kernel faulting in the fresh buffer's pages; reading disjoint parts from
 * several libuv threads spreads that over the cores (NumPy avoids most of it
 * with huge pages, which JavaScript cannot ask for).
 */
const PARALLEL_READS = 4;
const MIN_PARALLEL_PART = 16 << 20;

/** Reads `length` bytes at `position` into a new buffer of its own. */
async function readAt(
  handle: Awaited<ReturnType<typeof open>>,
  position: number,
  length: number,
  signal: AbortSignal | undefined,
  source: string,
): Promise<Uint8Array> {
  const out = new Uint8Array(length);
  const parts = Math.max(1, Math.min(PARALLEL_READS, Math.floor(length / MIN_PARALLEL_PART)));
  const partLength = Math.ceil(length / parts);
  const filled = await Promise.all(
    Array.from({ length: parts }, (_, i) => {
      const start = i * partLength;
      const part = out.subarray(start, Math.min(length, start + partLength));
      return readInto(handle, part, position + start, signal);
    }),
  );
  const short = filled.findIndex((n, i) => n < Math.min(partLength, length - i * partLength));
  if (short >= 0) {
    // Only when the file shrinks between stat and read: sizes were checked before.
    const end = position + short * partLength + filled[short]!;
    const reason = `file ended at byte ${end}, expected ${position + length}`;
    throw npyError(position === 0 ? "truncated_header" : "truncated_data", source, reason);
  }
  return out;
}

/** Fills `target` from the file at `position`; returns how many bytes it got. */
async function readInto(
  handle: Awaited<ReturnType<typeof open>>,
  target: Uint8Array,
  position: number,
  signal: AbortSignal | undefined,
): Promise<number> {
  let filled = 0;
  while (filled < target.length) {
    signal?.throwIfAborted();
    const want = Math.min(READ_CHUNK, target.length - filled);
    const { bytesRead } = await handle.read(target, filled, want, position + filled);
    if (bytesRead === 0) break;
    filled += bytesRead;
  }
  return filled;
}
