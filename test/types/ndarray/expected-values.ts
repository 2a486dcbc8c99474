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
  const index = new Array<number>(array.ndim).fill(0);
  for (let n = 0; n < array.size; n++) {
    const data = array.data;
    if (array.dtype === "struct") {
      // Field bytes only (records are little-endian already); padding is not data.
      const at = array.offsetOf(index) * array.itemSize;
      for (const [start, length] of fieldRanges(array.fields!, at)) {
        hash.update((data as Uint8Array).subarray(start, start + length));
      }
    } else if (ArrayBuffer.isView(data) && !array.dtype.startsWith("V")) {
      // Numbers: the raw little-endian bytes of the item. Converting through a JavaScript
      // number would lose NaN payloads, and a bool byte of 7 stays 7 in NumPy and here.
      const size = array.itemSize;
      const at = data.byteOffset + array.offsetOf(index) * size;
      hash.update(new Uint8Array(data.buffer, at, size));
    } else hash.update(itemBytes(array, array.get(...index)));
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

/** S, U and V items, NUL-padded to the item size as NumPy stores them. */
function itemBytes(array: NDArray, value: unknown): Uint8Array {
  const size = array.itemSize;
  if (array.dtype.startsWith("V")) return value as Uint8Array;
  const bytes = new Uint8Array(size);
  if (array.dtype.startsWith("S")) {
    bytes.set(Buffer.from(value as string, "latin1"));
    return bytes;
  }
  if (!array.dtype.startsWith("U")) throw new Error(`no encoder for ${array.dtype}`);
  const view = new DataView(bytes.buffer);
  [...(value as string)].forEach((c, i) => {
    view.setUint32(i * 4, c.codePointAt(0)!, true);
  });
  return bytes;
}
