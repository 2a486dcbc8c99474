/**
 * Items of a mapped array to and from the file's own bytes: decoding a run
 * read from the file into `data` (the machine's byte order), and encoding
 * `data` or one item back into the file's byte order, big-endian files and
 * structured records included.
 */
import { TypeMismatchError } from "../../../engine/errors.js";
import { copyBytes, swapBytes } from "../decode-data.js";
import type { DataOf, DTypeInfo, DTypeName } from "../dtype.js";
import { concatChunks, dataChunks } from "../encode-data.js";
import { numberToFloat16 } from "../float16.js";
import { NDArray } from "../ndarray.js";
import { type DataPlan, decodeItems } from "../npy-plan.js";
import { normaliseRecords } from "../struct-values.js";

/** `count` items decoded from the file's bytes (which become the data's storage). */
export function decodeRun(plan: DataPlan, bytes: Uint8Array, count: number, source: string) {
  return decodeItems({ ...plan, count }, bytes, true, source);
}

/** A run of items as a 1-d NDArray, to read items from with NDArray's own accessors. */
export function runArray(plan: DataPlan, data: DataOf<DTypeName>, count: number): NDArray {
  const fields = plan.info.layout ? { fields: plan.info.layout } : {};
  return new NDArray({ dtype: plan.info.name, shape: [count], data, ...fields });
}

/** `count` items of `data` as the file stores them: its byte order, records as laid out. */
export function encodeRun(plan: DataPlan, data: DataOf<DTypeName>, count: number): Uint8Array {
  const bytes = concatChunks(dataChunks(runArray(plan, data, count)));
  if (plan.swaps !== undefined) {
    // Swapping is its own inverse: the reader's little-endian records go back to the file's order.
    return normaliseRecords(bytes, count, plan.info.itemSize, plan.swaps, false);
  }
  if (plan.byteOrder !== ">" || plan.info.swapSize === 1) return bytes;
  const copy = copyBytes(bytes);
  swapBytes(copy, plan.info.swapSize);
  return copy;
}

/** One item value (what `get` returns) as one-item `data` of the dtype. */
export function itemData(info: DTypeInfo, value: unknown): DataOf<DTypeName> {
  const wrong = (want: string): never => {
    throw new TypeMismatchError(
      `cannot write an item of dtype ${info.name}: expected ${want}, got ${describe(value)}`,
    );
  };
  switch (info.storage) {
    case "typed": {
      const type = info.arrayType!;
      if (info.name === "bool") {
        if (typeof value !== "boolean") wrong("a boolean");
        return Uint8Array.of(value ? 1 : 0);
      }
      if (type === BigInt64Array || type === BigUint64Array) {
        if (typeof value === "bigint") return new type([value]);
        if (Number.isSafeInteger(value)) return new type([BigInt(value as number)]);
        return wrong("a bigint");
      }
      if (typeof value !== "number") return wrong("a number");
      if (info.name === "float16") return Uint16Array.of(numberToFloat16(value));
      return new (type as Float64ArrayConstructor)([value]);
    }
    case "complex": {
      const { re, im } = (value ?? {}) as { re?: unknown; im?: unknown };
      if (typeof re !== "number" || typeof im !== "number") return wrong("{ re, im }");
      return new (info.arrayType as Float64ArrayConstructor)([re, im]);
    }
    case "text":
    case "bytes-string":
      if (typeof value !== "string") return wrong("a string");
      return [value];
    case "void":
      if (!(value instanceof Uint8Array) || value.length !== info.itemSize) {
        return wrong(`a Uint8Array of ${info.itemSize} bytes`);
      }
      return new Uint8Array(value);
    default:
      return wrong("raw records: write structured items with write(start, records)");
  }
}

function describe(value: unknown): string {
  if (value === null) return "null";
  if (typeof value === "object") return value.constructor?.name ?? "an object";
  return `${typeof value} ${String(value).slice(0, 40)}`;
}
