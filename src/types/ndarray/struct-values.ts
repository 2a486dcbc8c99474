/**
 * Reading the fields of structured records (raw bytes, every field
 * little-endian) as JavaScript values, and bringing a file's records into
 * that form.
 */
import { copyBytes, decodeData, swapBytes } from "./decode-data.js";
import type { DTypeInfo } from "./dtype.js";
import { float16ToNumber } from "./float16.js";
import { NDArray } from "./ndarray.js";
import type { StructField, StructLayout, SwapRun } from "./struct-dtype.js";

/** A record as a plain object, field name → value; sub-array fields are NDArrays. */
export type StructRecord = Record<string, unknown>;

/** The record at `index` of `data` (records of `layout.itemSize` bytes). */
export function readRecord(layout: StructLayout, data: Uint8Array, index: number): StructRecord {
  const base = index * layout.itemSize;
  const view = new DataView(data.buffer, data.byteOffset, data.length);
  const record: StructRecord = {};
  for (const field of layout.fields)
    record[field.name] = readField(field, data, view, base + field.offset);
  return record;
}

function readField(field: StructField, data: Uint8Array, view: DataView, at: number): unknown {
  const { type } = field;
  if (field.shape.length === 0) {
    return type.kind === "scalar"
      ? readScalar(type.info, data, view, at)
      : readRecord(type.layout, data.subarray(at), 0);
  }
  const count = field.shape.reduce((a, b) => a * b, 1);
  const itemSize = type.kind === "scalar" ? type.info.itemSize : type.layout.itemSize;
  const bytes = copyBytes(data.subarray(at, at + count * itemSize));
  if (type.kind === "struct") {
    return new NDArray({ dtype: "struct", shape: field.shape, data: bytes, fields: type.layout });
  }
  const items = decodeData(type.info, "<", bytes, count, true, "a structured field");
  return new NDArray({ dtype: type.info.name, shape: field.shape, data: items });
}

function readScalar(info: DTypeInfo, data: Uint8Array, view: DataView, at: number): unknown {
  switch (info.name) {
    case "bool":
      return view.getUint8(at) !== 0;
    case "int8":
      return view.getInt8(at);
    case "uint8":
      return view.getUint8(at);
    case "int16":
      return view.getInt16(at, true);
    case "uint16":
      return view.getUint16(at, true);
    case "int32":
      return view.getInt32(at, true);
    case "uint32":
      return view.getUint32(at, true);
    case "uint64":
      return view.getBigUint64(at, true);
    case "float16":
      return float16ToNumber(view.getUint16(at, true));
    case "float32":
      return view.getFloat32(at, true);
    case "float64":
      return view.getFloat64(at, true);
    case "complex64":
      return { re: view.getFloat32(at, true), im: view.getFloat32(at + 4, true) };
    case "complex128":
      return { re: view.getFloat64(at, true), im: view.getFloat64(at + 8, true) };
  }
  if (info.storage === "typed") return view.getBigInt64(at, true); // int64, datetime64, timedelta64
  const bytes = copyBytes(data.subarray(at, at + info.itemSize));
  if (info.storage === "void") return bytes;
  return (decodeData(info, "<", bytes, 1, true, "a structured field") as string[])[0];
}

/**
 * Records read from a file, with every big-endian unit swapped to
 * little-endian; copies first unless the bytes are the reader's own.
 */
export function normaliseRecords(
  bytes: Uint8Array,
  count: number,
  itemSize: number,
  swaps: readonly SwapRun[],
  owned: boolean,
): Uint8Array {
  const records = owned ? bytes : copyBytes(bytes);
  for (let record = 0; record < count; record++) {
    const base = record * itemSize;
    for (const [offset, length, unit] of swaps) {
      swapBytes(records.subarray(base + offset, base + offset + length), unit);
    }
  }
  return records;
}
