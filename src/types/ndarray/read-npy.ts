/**
 * Reads `.npy` files (format 1.0, 2.0 and 3.0) into {@link NDArray}s.
 *
 * Every size is checked against the header before anything is allocated: a
 * header claiming a terabyte in a 1 KB file is refused at once. Bytes after
 * the data are ignored, as NumPy ignores them.
 */
import { TypeMismatchError } from "../../engine/errors.js";
import { type DeclaredArray, declaredMismatch } from "./declared.js";
import { openFile, readAt } from "./file-reads.js";
import type { NDArray } from "./ndarray.js";
import { MAX_PREAMBLE_BYTES, parseHeader, parsePreamble } from "./npy-header.js";
import { build, decodeItems, type Plan, planData } from "./npy-plan.js";
import { readObjectArray } from "./pickle/read-object-array.js";

/** Options of {@link readNpy} and {@link readNpyFile}. */
export interface ReadNpyOptions {
  /** The file's path or URI, for error messages; defaults to the path, or `.npy data`. */
  readonly source?: string;
  /**
   * Object arrays (`|O`) are pickles; they are refused unless this is set.
   * Even then no code runs: only plain data types are rebuilt.
   */
  readonly allowPickle?: boolean;
  /**
   * The dtype and number of dimensions the array must have, checked from
   * the header before the data is read (a TypeMismatchError otherwise).
   */
  readonly expect?: DeclaredArray;
  readonly signal?: AbortSignal;
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
  checkExpected(plan, source, options.expect);
  const start = preamble.dataOffset;
  if ("pickle" in plan) return readObjectArray(bytes.subarray(start), plan.shape, source);
  const data = bytes.subarray(start, start + plan.byteLength);
  return build(plan, decodeItems(plan, data, false, source));
}

/**
 * Reads an `.npy` file from a local path with one read of the data into a
 * fresh, aligned buffer that becomes the array's storage.
 *
 * On Linux most of a large read's time would be the kernel handing the
 * fresh buffer its pages 4 KiB at a time; like NumPy, the buffer asks for
 * huge pages instead (src/platform/kernel-hints.ts), which makes reads of
 * hundreds of MiB two to three times faster (see bench/npy-roundtrip.ts).
 */
export async function readNpyFile(path: string, options: ReadNpyOptions = {}): Promise<NDArray> {
  const source = options.source ?? path;
  const handle = await openFile(path, "r", source);
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
    checkExpected(plan, source, options.expect);
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

/** Refuses, from the header alone, an array other than the one the caller declared. */
export function checkExpected(
  plan: Plan,
  source: string,
  expected: DeclaredArray | undefined,
): void {
  if (!expected) return;
  const dtype = "pickle" in plan ? "object" : plan.info.name;
  const reason = declaredMismatch(expected, dtype, plan.shape);
  if (reason) throw new TypeMismatchError(`cannot read ${source}: ${reason}`, { uri: source });
}
