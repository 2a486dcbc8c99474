/**
 * What an `.npy` header promises about the data after it: dtype, byte
 * order, shape, order and byte length, checked against the file's size
 * before anything sized by the header is allocated. Shared by the whole-file
 * reader and the lazily read (mapped) array.
 */
import { decodeData } from "./decode-data.js";
import { type ByteOrder, type DTypeInfo, parseDescr } from "./dtype.js";
import { NDArray, type Order } from "./ndarray.js";
import { formatShape, type NpyHeader, type NpyPreamble, npyError } from "./npy-header.js";
import { type ParsedStruct, parseStructDescr, structInfo } from "./struct-dtype.js";
import { normaliseRecords } from "./struct-values.js";

/** Whether object (`|O`) arrays may be read; see `ReadNpyOptions.allowPickle`. */
export interface PlanOptions {
  readonly allowPickle?: boolean;
}

/** What the header says about the data that follows it. */
export type Plan = DataPlan | { readonly pickle: true; readonly shape: readonly number[] };

export interface DataPlan {
  readonly info: DTypeInfo;
  readonly byteOrder: ByteOrder;
  /** For structured dtypes: the big-endian units to swap in each record. */
  readonly swaps?: ParsedStruct["swaps"];
  readonly shape: readonly number[];
  readonly order: Order;
  readonly count: number;
  readonly byteLength: number;
}

/** Checks dtype and sizes; refuses before any allocation sized by the header. */
export function planData(
  header: NpyHeader,
  preamble: NpyPreamble,
  fileSize: number,
  source: string,
  options: PlanOptions,
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

export function decodeItems(plan: DataPlan, data: Uint8Array, owned: boolean, source: string) {
  if (plan.swaps === undefined) {
    return decodeData(plan.info, plan.byteOrder, data, plan.count, owned, source);
  }
  return normaliseRecords(data, plan.count, plan.info.itemSize, plan.swaps, owned);
}

export function build(plan: DataPlan, data: NDArray["data"]): NDArray {
  const { info, shape, order } = plan;
  const fields = info.layout ? { fields: info.layout } : {};
  return new NDArray({ dtype: info.name, shape, order, data, ...fields });
}
