/**
 * Human-readable text for arrays: a preview in the spirit of NumPy's repr
 * (long axes summarised as `first, ..., last`) and summary statistics.
 */
import type { Complex } from "./dtype.js";
import { float16ToNumber } from "./float16.js";
import { infoOf, NDArray } from "./ndarray.js";
import { PythonClass } from "./pickle/python-class.js";

/** Above this many items, long axes are shortened to their first and last items (NumPy: 1000). */
const SUMMARY_THRESHOLD = 1000;
/** Items kept at each end of a shortened axis (NumPy's `edgeitems`). */
const EDGE_ITEMS = 3;

const NAT = -(2n ** 63n);

/** One item as NumPy would print it inside an array, roughly. */
export function formatItem(array: NDArray, item: unknown): string {
  const info = infoOf(array);
  if (info.storage === "object" || info.storage === "struct")
    return formatObject(item, new Set(), 0);
  if (typeof item === "boolean") return item ? "True" : "False";
  if (typeof item === "string")
    return info.storage === "bytes-string" ? `b${quote(item)}` : quote(item);
  if (item instanceof Uint8Array)
    return `b'${[...item].map((b) => `\\x${b.toString(16).padStart(2, "0")}`).join("")}'`;
  if (typeof item === "bigint") {
    if (array.dtype.startsWith("datetime64"))
      return `'${formatDatetime(item, unitOf(array.dtype))}'`;
    if (array.dtype.startsWith("timedelta64"))
      return item === NAT ? "'NaT'" : `${item} ${unitOf(array.dtype) || ""}`.trim();
    return item.toString();
  }
  if (typeof item === "object" && item !== null) {
    const { re, im } = item as Complex;
    return `${formatNumber(re)}${im < 0 || Object.is(im, -0) ? "-" : "+"}${formatNumber(Math.abs(im))}j`;
  }
  return formatNumber(item as number);
}

/** Nesting shown inside one object item before `...`. */
const MAX_OBJECT_DEPTH = 4;
/** Entries shown per container, and characters or bytes per string, before `...`. */
const MAX_OBJECT_ITEMS = 10;
const MAX_TEXT = 200;

/** The first entries of an iterable, formatted, with `...` when there were more. */
function firstItems<T>(items: Iterable<T>, format: (item: T) => string): string[] {
  const out: string[] = [];
  for (const item of items) {
    if (out.length === MAX_OBJECT_ITEMS) {
      out.push("...");
      break;
    }
    out.push(format(item));
  }
  return out;
}

/** A Python-like repr of an object-array item; cycles print as `[...]`, like Python. */
function formatObject(value: unknown, open: Set<unknown>, depth: number): string {
  if (value === null || value === undefined) return "None";
  if (typeof value === "boolean") return value ? "True" : "False";
  if (typeof value === "number") return formatNumber(value);
  if (typeof value === "bigint") return value.toString();
  if (typeof value === "string") {
    return value.length > MAX_TEXT ? `${quote(value.slice(0, MAX_TEXT))}...` : quote(value);
  }
  if (value instanceof Uint8Array) {
    const shown = [...value.subarray(0, MAX_TEXT)].map(byteText).join("");
    return `b'${shown}'${value.length > MAX_TEXT ? "..." : ""}`;
  }
  if (typeof value !== "object" || value instanceof PythonClass) return String(value);
  if (open.has(value)) return "[...]";
  if (depth >= MAX_OBJECT_DEPTH) return "...";
  open.add(value);
  const inner = (v: unknown) => formatObject(v, open, depth + 1);
  let text: string;
  if (value instanceof NDArray) text = `array(${previewNDArray(value, 20)})`;
  else if (Array.isArray(value)) {
    const items = firstItems(value, inner);
    text = Object.isFrozen(value)
      ? `(${items.join(", ")}${items.length === 1 ? "," : ""})`
      : `[${items.join(", ")}]`;
  } else if (value instanceof Map) {
    text = `{${firstItems(value, ([k, v]) => `${inner(k)}: ${inner(v)}`).join(", ")}}`;
  } else if (value instanceof Set)
    text = value.size === 0 ? "set()" : `{${firstItems(value, inner).join(", ")}}`;
  else if (!isComplex(value)) {
    // A structured record prints as a tuple of its field values, as NumPy prints it.
    text = `(${firstItems(Object.values(value), inner).join(", ")})`;
  } else {
    const { re, im } = value as Complex;
    text = `(${formatNumber(re)}${im < 0 || Object.is(im, -0) ? "-" : "+"}${formatNumber(Math.abs(im))}j)`;
  }
  open.delete(value);
  return text;
}

function isComplex(value: object): boolean {
  const keys = Object.keys(value);
  return keys.length === 2 && keys[0] === "re" && keys[1] === "im";
}

function byteText(byte: number): string {
  if (byte >= 0x20 && byte < 0x7f && byte !== 0x27 && byte !== 0x5c)
    return String.fromCharCode(byte);
  return `\\x${byte.toString(16).padStart(2, "0")}`;
}

function formatNumber(value: number): string {
  if (Number.isNaN(value)) return "nan";
  if (value === Number.POSITIVE_INFINITY) return "inf";
  if (value === Number.NEGATIVE_INFINITY) return "-inf";
  if (Object.is(value, -0)) return "-0.0";
  return String(value);
}

function quote(text: string): string {
  const escaped = text
    .replace(/[\\']/g, (c) => `\\${c}`)
    .replace(/\p{Cc}/gu, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, "0")}`);
  return `'${escaped}'`;
}

function unitOf(dtype: string): string {
  return /\[([^\]]+)\]/.exec(dtype)?.[1] ?? "";
}

const UNIT_MS: Readonly<Record<string, bigint>> = {
  W: 604_800_000n,
  D: 86_400_000n,
  h: 3_600_000n,
  m: 60_000n,
  s: 1000n,
  ms: 1n,
};
const SUB_MS_DIGITS: Readonly<Record<string, number>> = { us: 3, ns: 6, ps: 9, fs: 12, as: 15 };

/** A datetime64 count as an ISO 8601 string, `NaT`, or the raw count for odd units. */
export function formatDatetime(value: bigint, unit: string): string {
  if (value === NAT) return "NaT";
  if (unit === "Y") return String(1970n + value);
  if (unit === "M") {
    const year = 1970n + (value >= 0n ? value / 12n : (value - 11n) / 12n);
    const month = Number(((value % 12n) + 12n) % 12n) + 1;
    return `${year}-${String(month).padStart(2, "0")}`;
  }
  const ms = UNIT_MS[unit];
  const digits = SUB_MS_DIGITS[unit];
  let millis: bigint;
  let fraction = "";
  if (ms !== undefined) millis = value * ms;
  else if (digits !== undefined) {
    const scale = 10n ** BigInt(digits);
    millis = value >= 0n ? value / scale : -((-value + scale - 1n) / scale);
    fraction = String(value - millis * scale).padStart(digits, "0");
  } else return `${value} ${unit || "(generic units)"}`;
  if (millis > 8_640_000_000_000_000n || millis < -8_640_000_000_000_000n)
    return `${value} ${unit}`;
  const iso = new Date(Number(millis)).toISOString().replace("Z", "");
  if (unit === "D" || unit === "W") return iso.slice(0, 10);
  if (unit === "h") return iso.slice(0, 13);
  if (unit === "m") return iso.slice(0, 16);
  if (unit === "s") return iso.slice(0, 19);
  return `${iso}${fraction}`;
}

/** Items as nested brackets, long axes summarised; 0-d arrays print their one item. */
export function previewNDArray(array: NDArray, threshold = SUMMARY_THRESHOLD): string {
  const summarise = array.size > threshold;
  const index: number[] = [];
  const render = (axis: number): string => {
    if (axis === array.ndim) return formatItem(array, array.get(...index));
    const extent = array.shape[axis]!;
    const positions =
      summarise && extent > 2 * EDGE_ITEMS
        ? [...range(0, EDGE_ITEMS), -1, ...range(extent - EDGE_ITEMS, extent)]
        : range(0, extent);
    const parts = positions.map((i) => {
      if (i < 0) return "...";
      index[axis] = i;
      return render(axis + 1);
    });
    index.length = axis;
    const separator =
      axis === array.ndim - 1
        ? ", "
        : `,${"\n".repeat(array.ndim - 1 - axis)}${" ".repeat(axis + 1)}`;
    return `[${parts.join(separator)}]`;
  };
  return render(0);
}

function range(start: number, end: number): number[] {
  return Array.from({ length: Math.max(0, end - start) }, (_, i) => start + i);
}

/** Minimum, maximum and mean of a real numeric array (NaN propagates, as in NumPy). */
export interface NDArrayStats {
  readonly min: number;
  readonly max: number;
  readonly mean: number;
}

/** Statistics of a non-empty real numeric array, or `undefined` for other dtypes. */
export function statsOf(array: NDArray): NDArrayStats | undefined {
  const info = infoOf(array);
  if (info.storage !== "typed" || array.size === 0 || /^(datetime|timedelta)/.test(array.dtype))
    return undefined;
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  let sum = 0;
  let sawNaN = false;
  // Read the storage directly: per-item `itemAt` would box every value.
  const data = array.data as ArrayLike<number | bigint>;
  const half = array.dtype === "float16";
  for (let i = 0; i < array.size; i++) {
    const raw = data[i]!;
    const value = half ? float16ToNumber(raw as number) : Number(raw);
    if (Number.isNaN(value)) sawNaN = true;
    if (value < min) min = value;
    if (value > max) max = value;
    sum += value;
  }
  if (sawNaN) return { min: Number.NaN, max: Number.NaN, mean: Number.NaN };
  return { min, max, mean: sum / array.size };
}

/**
 * A short multi-line summary of an array for people: dtype, shape, order,
 * and a preview of the items like NumPy's repr.
 *
 * @example
 * ```ts
 * describeNDArray(NDArray.from(new Float64Array([1, 2, 3])));
 * // "dtype: float64\nshape: (3,)\norder: C\n[1, 2, 3]"
 * ```
 */
export function describeNDArray(array: NDArray): string {
  const shape = array.shape.length === 1 ? `(${array.shape[0]},)` : `(${array.shape.join(", ")})`;
  const dtype = array.fields ? `struct ${infoOf(array).descr}` : array.dtype;
  const lines = [`dtype: ${dtype}`, `shape: ${shape}`, `order: ${array.order}`];
  const stats = statsOf(array);
  if (stats) {
    lines.push(
      `min: ${formatNumber(stats.min)}, max: ${formatNumber(stats.max)}, mean: ${formatNumber(stats.mean)}`,
    );
  }
  lines.push(previewNDArray(array));
  return lines.join("\n");
}
