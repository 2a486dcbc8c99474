/**
 * Decodes the tagged value encoding of the fixtures' expected.json
 * (test/fixtures/npy/cases/LOG.md, "Value encoding") into the JavaScript
 * values NDArray.get gives for a dtype, and re-encodes an array's items in
 * C order little-endian so that the fixture's sha256 can be checked.
 */
import { createHash } from "node:crypto";
import type { NDArray } from "../../../src/types/ndarray/index.js";
import type { StructLayout } from "../../../src/types/ndarray/struct-dtype.js";

type Tagged = Record<string, unknown>;

/** One expected item as NDArray.get would give it for `dtype`. */
export function decodeExpected(value: unknown, dtype: string): unknown {
  if (Array.isArray(value)) return value.map((v) => decodeExpected(v, dtype));
  const wide = /^(u?int64|datetime64|timedelta64)/.test(dtype);
  if (typeof value === "number") return wide ? BigInt(value) : value;
  if (typeof value !== "object" || value === null) return value;
  const tagged = value as Tagged;
  if ("$float" in tagged) return decodeFloat(tagged.$float as string);
  if ("$int" in tagged) return BigInt(tagged.$int as string);
  if ("$complex" in tagged) {
    const [re, im] = (tagged.$complex as unknown[]).map((p) => decodeExpected(p, "float64"));
    return { re, im };
  }
  if ("$bytes" in tagged) {
    const bytes = Buffer.from(tagged.$bytes as string, "hex");
    return dtype.startsWith("S") ? bytes.toString("latin1") : new Uint8Array(bytes);
  }
  if ("$datetime64" in tagged) return toBigInt(tagged.int);
  if ("$timedelta64" in tagged) return toBigInt(tagged.$timedelta64);
  throw new Error(`unknown tagged value ${JSON.stringify(value)}`);
}

function decodeFloat(text: string): number {
  const named: Record<string, number> = {
    nan: Number.NaN,
    inf: Number.POSITIVE_INFINITY,
    "-inf": Number.NEGATIVE_INFINITY,
    "-0.0": -0,
  };
  if (!(text in named)) throw new Error(`unknown $float ${text}`);
  return named[text]!;
}

function toBigInt(value: unknown): bigint {
  if (typeof value === "number") return BigInt(value);
  return BigInt((value as Tagged).$int as string);
}

/** sha256 of the items in C order, every item little-endian: what NumPy hashed for the fixture. */
export function cOrderLittleEndianSha256(array: NDArray): string {
  const hash = createHash("sha256");
  const item = new DataView(new ArrayBuffer(16));
  const index = new Array<number>(array.ndim).fill(0);
  for (let n = 0; n < array.size; n++) {
    if (array.dtype === "float16") {
      // Raw bits: the number get() gives would lose NaN payloads.
      item.setUint16(0, (array.data as Uint16Array)[array.offsetOf(index)]!, true);
      hash.update(new Uint8Array(item.buffer, 0, 2));
    } else if (array.dtype === "struct") {
      // Field bytes only (records are little-endian already); padding is not data.
      const at = array.offsetOf(index) * array.itemSize;
      for (const [start, length] of fieldRanges(array.fields!, at)) {
        hash.update((array.data as Uint8Array).subarray(start, start + length));
      }
    } else if (array.dtype === "bool") {
      // Raw byte: NumPy keeps a bool byte of 7 as 7, and so does NDArray.data.
      hash.update(Uint8Array.of((array.data as Uint8Array)[array.offsetOf(index)]!));
    } else hash.update(itemBytes(array, array.get(...index), item));
    for (let axis = array.ndim - 1; axis >= 0; axis--) {
      if (++index[axis]! < array.shape[axis]!) break;
      index[axis] = 0;
    }
  }
  return hash.digest("hex");
}

/** Byte ranges of every leaf field of a record at `base`, in field order, padding skipped. */
function fieldRanges(layout: StructLayout, base: number): [number, number][] {
  const out: [number, number][] = [];
  for (const field of layout.fields) {
    const count = field.shape.reduce((a, b) => a * b, 1);
    const type = field.type;
    if (type.kind === "scalar") out.push([base + field.offset, type.info.itemSize * count]);
    else {
      for (let i = 0; i < count; i++) {
        out.push(...fieldRanges(type.layout, base + field.offset + i * type.layout.itemSize));
      }
    }
  }
  return out;
}

function itemBytes(array: NDArray, value: unknown, view: DataView): Uint8Array {
  const dtype = array.dtype;
  const size = array.itemSize;
  const out = () => new Uint8Array(view.buffer, 0, size).slice();
  if (dtype.startsWith("U")) {
    const codes = [...(value as string)].map((c) => c.codePointAt(0)!);
    const bytes = new Uint8Array(size);
    const dv = new DataView(bytes.buffer);
    codes.forEach((c, i) => {
      dv.setUint32(i * 4, c, true);
    });
    return bytes;
  }
  if (dtype.startsWith("S")) {
    const bytes = new Uint8Array(size);
    bytes.set(Buffer.from(value as string, "latin1"));
    return bytes;
  }
  if (dtype.startsWith("V")) return value as Uint8Array;
  if (typeof value === "bigint") {
    if (dtype === "uint64") view.setBigUint64(0, value, true);
    else view.setBigInt64(0, value, true);
    return out();
  }
  if (typeof value === "boolean") return Uint8Array.of(value ? 1 : 0);
  if (typeof value === "object" && value !== null) {
    const { re, im } = value as { re: number; im: number };
    if (dtype === "complex64") {
      view.setFloat32(0, re, true);
      view.setFloat32(4, im, true);
    } else {
      view.setFloat64(0, re, true);
      view.setFloat64(8, im, true);
    }
    return out();
  }
  const number = value as number;
  const setters: Record<string, () => void> = {
    int8: () => view.setInt8(0, number),
    uint8: () => view.setUint8(0, number),
    int16: () => view.setInt16(0, number, true),
    uint16: () => view.setUint16(0, number, true),
    int32: () => view.setInt32(0, number, true),
    uint32: () => view.setUint32(0, number, true),
    float32: () => view.setFloat32(0, number, true),
    float64: () => view.setFloat64(0, number, true),
  };
  const set = setters[dtype];
  if (!set) throw new Error(`no encoder for ${dtype}`);
  set();
  return out();
}
