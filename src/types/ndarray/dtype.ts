/**
 * NumPy data types as this package names and stores them.
 *
 * A dtype has two spellings: NumPy's name (`float64`, `S4`, `datetime64[ns]`),
 * which is what {@link NDArray.dtype} holds, and the array-protocol `descr`
 * written in `.npy` headers (`<f8`, `|S4`, `<M8[ns]`), which adds a byte order.
 * Values in memory are always in the machine's byte order; the byte order of a
 * file is handled while reading and writing.
 *
 * @see https://numpy.org/doc/stable/reference/arrays.interface.html#object.__array_interface__
 */

import type { StructLayout } from "./struct-dtype.js";

/** Names of the fixed-size numeric dtypes. */
export type NumericDTypeName =
  | "bool"
  | "int8"
  | "int16"
  | "int32"
  | "int64"
  | "uint8"
  | "uint16"
  | "uint32"
  | "uint64"
  | "float16"
  | "float32"
  | "float64"
  | "complex64"
  | "complex128";

/**
 * NumPy's name of a dtype this package supports: a numeric name, `S<n>`
 * (bytes, n per item), `U<n>` (text, n code points per item), `V<n>` (raw
 * bytes), or `datetime64[unit]` / `timedelta64[unit]` (64-bit counts of unit).
 */
export type DTypeName =
  | NumericDTypeName
  | "object"
  | "struct"
  | `S${number}`
  | `U${number}`
  | `V${number}`
  | `datetime64${string}`
  | `timedelta64${string}`;

/** How the items of a dtype are stored in {@link NDArray.data}. */
interface NumericDataMap {
  bool: Uint8Array;
  int8: Int8Array;
  int16: Int16Array;
  int32: Int32Array;
  int64: BigInt64Array;
  uint8: Uint8Array;
  uint16: Uint16Array;
  uint32: Uint32Array;
  uint64: BigUint64Array;
  float16: Uint16Array;
  float32: Float32Array;
  float64: Float64Array;
  complex64: Float32Array;
  complex128: Float64Array;
}

/** The storage of dtype `D`: `NDArray<"float64">["data"]` is a `Float64Array`. */
export type DataOf<D extends DTypeName> = D extends keyof NumericDataMap
  ? NumericDataMap[D]
  : D extends "object"
    ? unknown[]
    : D extends "struct"
      ? Uint8Array
      : D extends `S${number}` | `U${number}`
        ? string[]
        : D extends `V${number}`
          ? Uint8Array
          : D extends `datetime64${string}` | `timedelta64${string}`
            ? BigInt64Array
            : never;

/** One complex number. */
export interface Complex {
  readonly re: number;
  readonly im: number;
}

/** What {@link NDArray.get} returns for one item of dtype `D`. */
export type ElementOf<D extends DTypeName> = D extends "object"
  ? unknown
  : D extends "struct"
    ? Record<string, unknown>
    : D extends "bool"
      ? boolean
      : D extends "int64" | "uint64" | `datetime64${string}` | `timedelta64${string}`
        ? bigint
        : D extends "complex64" | "complex128"
          ? Complex
          : D extends `S${number}` | `U${number}`
            ? string
            : D extends `V${number}`
              ? Uint8Array
              : number;

/** Any typed array an NDArray may hold. */
export type TypedArray =
  | Int8Array
  | Uint8Array
  | Uint8ClampedArray
  | Int16Array
  | Uint16Array
  | Int32Array
  | Uint32Array
  | Float32Array
  | Float64Array
  | BigInt64Array
  | BigUint64Array;

/** Storage families: how items are laid out in memory. */
export type StorageKind =
  | "typed"
  | "complex"
  | "bytes-string"
  | "text"
  | "void"
  | "object"
  | "struct";

/** Everything the codec needs to know about one dtype. */
export interface DTypeInfo {
  readonly name: DTypeName;
  /** Bytes per item in a file. */
  readonly itemSize: number;
  readonly storage: StorageKind;
  /**
   * Size of the unit the file's byte order applies to (1 when byte order does
   * not matter): 8 for float64, 4 for each part of a complex64, 4 for UCS-4.
   */
  readonly swapSize: 1 | 2 | 4 | 8;
  /** Typed array constructor of `data` (for typed and complex storage). */
  readonly arrayType?: TypedArrayConstructor;
  /** The `descr` this package writes: little-endian, or `|` where order is moot. */
  readonly descr: string;
  /** The fields, for `struct` only. */
  readonly layout?: StructLayout;
}

export type TypedArrayConstructor =
  | Int8ArrayConstructor
  | Uint8ArrayConstructor
  | Int16ArrayConstructor
  | Uint16ArrayConstructor
  | Int32ArrayConstructor
  | Uint32ArrayConstructor
  | Float32ArrayConstructor
  | Float64ArrayConstructor
  | BigInt64ArrayConstructor
  | BigUint64ArrayConstructor;

interface NumericSpec {
  readonly code: string;
  readonly size: 1 | 2 | 4 | 8 | 16;
  readonly arrayType: TypedArrayConstructor;
  readonly complex?: true;
}

const NUMERIC: Readonly<Record<NumericDTypeName, NumericSpec>> = {
  bool: { code: "b", size: 1, arrayType: Uint8Array },
  int8: { code: "i", size: 1, arrayType: Int8Array },
  int16: { code: "i", size: 2, arrayType: Int16Array },
  int32: { code: "i", size: 4, arrayType: Int32Array },
  int64: { code: "i", size: 8, arrayType: BigInt64Array },
  uint8: { code: "u", size: 1, arrayType: Uint8Array },
  uint16: { code: "u", size: 2, arrayType: Uint16Array },
  uint32: { code: "u", size: 4, arrayType: Uint32Array },
  uint64: { code: "u", size: 8, arrayType: BigUint64Array },
  float16: { code: "f", size: 2, arrayType: Uint16Array },
  float32: { code: "f", size: 4, arrayType: Float32Array },
  float64: { code: "f", size: 8, arrayType: Float64Array },
  complex64: { code: "c", size: 8, arrayType: Float32Array, complex: true },
  complex128: { code: "c", size: 16, arrayType: Float64Array, complex: true },
};

const NUMERIC_BY_CODE = new Map<string, NumericDTypeName>(
  Object.entries(NUMERIC).map(([name, spec]) => [
    `${spec.code}${spec.size}`,
    name as NumericDTypeName,
  ]),
);

/** True on every machine Node runs on today; checked rather than assumed. */
export const HOST_LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** Datetime units NumPy accepts, optionally preceded by a multiplier (`10s`). */
const TIME_UNIT = /^(?:\d+)?(?:Y|M|W|D|h|m|s|ms|us|μs|ns|ps|fs|as)$/;

function numericInfo(name: NumericDTypeName): DTypeInfo {
  const spec = NUMERIC[name];
  const littleEndian = spec.size === 1 ? "|" : "<";
  const swapSize = (spec.complex ? spec.size / 2 : spec.size) as 1 | 2 | 4 | 8;
  return {
    name,
    itemSize: spec.size,
    storage: spec.complex ? "complex" : "typed",
    swapSize,
    arrayType: spec.arrayType,
    descr: `${littleEndian}${spec.code}${spec.size}`,
  };
}

/** A dtype's byte order in a file: `<`, `>`, or `|` when it does not apply. */
export type ByteOrder = "<" | ">" | "|";

/** A parsed `descr`: the dtype plus the byte order of the file's data. */
export interface ParsedDescr {
  readonly info: DTypeInfo;
  readonly byteOrder: ByteOrder;
}

/**
 * Parses an array-protocol type string such as `<f8`, `>u2`, `|S4`, `<U5`,
 * `<M8[ns]` or `|V3`. Returns `undefined` for anything this package does not
 * support (object `|O` arrays are recognised separately by the reader).
 */
export function parseDescr(descr: string): ParsedDescr | undefined {
  const match = /^([<>|=]?)([a-zA-Z])(\d+)(?:\[([^\]]+)\])?$/.exec(descr);
  if (!match) return undefined;
  const [, orderChar = "", code = "", sizeText = "", unit] = match;
  // `=` means native and a missing prefix too; `|` on a multi-byte type is read as native.
  const nativeOrder: ByteOrder = HOST_LITTLE_ENDIAN ? "<" : ">";
  const byteOrder: ByteOrder = orderChar === ">" || orderChar === "<" ? orderChar : nativeOrder;

  const info = infoFor(code, sizeText, unit);
  if (!info) return undefined;
  return { info, byteOrder: info.swapSize === 1 ? "|" : byteOrder };
}

function infoFor(code: string, sizeText: string, unit: string | undefined): DTypeInfo | undefined {
  const size = Number(sizeText);
  if (code === "M" || code === "m") {
    // NumPy takes `<f08` but not `<M08`: datetime sizes must be spelled `8`.
    if (sizeText !== "8" || (unit !== undefined && !TIME_UNIT.test(unit))) return undefined;
    const base = code === "M" ? "datetime64" : "timedelta64";
    return timeInfo(unit === undefined ? base : `${base}[${unit}]`);
  }
  if (unit !== undefined) return undefined;
  // NumPy spells bool `b1` but also accepts `?1`; int8 has the alias `b`, not with a size.
  const normalised = code === "?" ? "b" : code;
  const numeric = NUMERIC_BY_CODE.get(`${normalised}${size}`);
  if (numeric) return numericInfo(numeric);
  if (size <= 0 || !Number.isSafeInteger(size)) return undefined;
  if (code === "S" || code === "a") return flexibleInfo(`S${size}`);
  if (code === "U") return flexibleInfo(`U${size}`);
  if (code === "V") return flexibleInfo(`V${size}`);
  return undefined;
}

/** Python objects: in a file a pickle, in memory a JavaScript array of converted values. */
const OBJECT_INFO: DTypeInfo = {
  name: "object",
  itemSize: 8,
  storage: "object",
  swapSize: 1,
  descr: "|O",
};

function timeInfo(name: string): DTypeInfo {
  const descrCode = name.startsWith("datetime64") ? "M8" : "m8";
  const unit = name.slice(name.indexOf("["));
  return {
    name: name as DTypeName,
    itemSize: 8,
    storage: "typed",
    swapSize: 8,
    arrayType: BigInt64Array,
    descr: `<${descrCode}${name.includes("[") ? unit : ""}`,
  };
}

function flexibleInfo(name: `S${number}` | `U${number}` | `V${number}`): DTypeInfo {
  const count = Number(name.slice(1));
  if (name[0] === "U") {
    return { name, itemSize: count * 4, storage: "text", swapSize: 4, descr: `<${name}` };
  }
  const storage = name[0] === "S" ? "bytes-string" : "void";
  return { name, itemSize: count, storage, swapSize: 1, descr: `|${name}` };
}

/**
 * The dtype named `name` (NumPy's name, as in {@link NDArray.dtype}), or
 * `undefined` when the name is not one this package supports.
 */
export function dtypeInfo(name: string): DTypeInfo | undefined {
  if (name in NUMERIC) return numericInfo(name as NumericDTypeName);
  if (name === "object") return OBJECT_INFO;
  const flexible = /^([SUV])(\d+)$/.exec(name);
  if (flexible) {
    const count = Number(flexible[2]);
    if (count <= 0 || !Number.isSafeInteger(count)) return undefined;
    return flexibleInfo(name as `S${number}`);
  }
  const time = /^(datetime64|timedelta64)(?:\[([^\]]+)\])?$/.exec(name);
  if (time) {
    if (time[2] !== undefined && !TIME_UNIT.test(time[2])) return undefined;
    return timeInfo(name);
  }
  return undefined;
}

/**
 * The dtype each typed-array class stores (Uint8ClampedArray aside, which is
 * uint8 read through a Uint8Array). Subclasses such as Node's Buffer match
 * their base class by `instanceof`.
 */
export const TYPED_ARRAY_DTYPES: ReadonlyMap<unknown, DTypeName> = new Map<unknown, DTypeName>([
  [Float64Array, "float64"],
  [Float32Array, "float32"],
  [Int8Array, "int8"],
  [Int16Array, "int16"],
  [Int32Array, "int32"],
  [Uint8Array, "uint8"],
  [Uint16Array, "uint16"],
  [Uint32Array, "uint32"],
  [BigInt64Array, "int64"],
  [BigUint64Array, "uint64"],
]);
