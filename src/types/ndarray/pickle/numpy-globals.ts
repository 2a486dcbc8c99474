/**
 * The only globals the restricted unpickler resolves: what NumPy's pickle
 * of an array refers to (`_reconstruct`, `ndarray`, `dtype`, `scalar`,
 * `_frombuffer`), plus the builtins of `builtin-globals.ts`. Each one
 * rebuilds data from its arguments; none runs anything from the file.
 */
import { copyBytes, decodeData } from "../decode-data.js";
import { type ParsedDescr, parseDescr } from "../dtype.js";
import { NDArray } from "../ndarray.js";
import { builtinConstructor, resolveBuiltin } from "./builtin-globals.js";
import {
  type Buildable,
  type GlobalTable,
  latin1Bytes,
  PickleError,
  type PickleGlobal,
  type PickleValue,
  pickleGlobal,
} from "./pickle-values.js";

/** A finished dtype: the parsed descr, or `object`. */
interface DTypeSpec {
  readonly dtype: ParsedDescr | "object";
}

const NATIVE_ORDER = "<";

function invalid(reason: string): never {
  throw new PickleError("invalid_pickle", `malformed NumPy pickle: ${reason}`);
}

const specs = new WeakSet<object>();

function makeSpec(dtype: DTypeSpec["dtype"]): DTypeSpec {
  const spec = Object.freeze({ dtype });
  specs.add(spec);
  return spec;
}

/** True for a dtype the pickle built (finished or not), as opposed to any other value. */
export function isDTypeValue(value: unknown): boolean {
  return (
    value instanceof PendingDType ||
    (typeof value === "object" && value !== null && specs.has(value))
  );
}

function specOf(value: unknown): DTypeSpec {
  if (value instanceof PendingDType) return value.setState(undefined);
  if (typeof value !== "object" || value === null || !specs.has(value)) invalid("expected a dtype");
  return value as DTypeSpec;
}

/** `numpy.dtype(typestr, align, copy)`, waiting for BUILD to give its byte order. */
class PendingDType implements Buildable {
  readonly #typestr: string;
  constructor(typestr: string) {
    this.#typestr = typestr;
  }

  /** State: (version, byteorder, subarray, names, fields, elsize, alignment, flags[, metadata]). */
  setState(state: PickleValue): DTypeSpec {
    const fields = Array.isArray(state) ? state : [];
    const order = typeof fields[1] === "string" ? fields[1] : NATIVE_ORDER;
    if (fields[2] != null || fields[3] != null || fields[4] != null) {
      throw new PickleError(
        "unsupported_pickle",
        "structured dtypes inside a pickle are not supported",
      );
    }
    if (/^O\d*$/.test(this.#typestr)) return makeSpec("object");
    const descr = `${order}${this.#typestr}${timeUnit(this.#typestr, fields[8])}`;
    const parsed = parseDescr(descr);
    if (!parsed)
      throw new PickleError(
        "unsupported_pickle",
        `dtype '${descr}' in the pickle is not supported`,
      );
    return makeSpec(parsed);
  }
}

/** `[ns]`, `[10s]` or nothing, from a datetime dtype's metadata `(None, (b'ns', 1, 1, 1))`. */
function timeUnit(typestr: string, metadata: PickleValue): string {
  if (!/^[Mm]8$/.test(typestr)) return "";
  const info = Array.isArray(metadata) ? metadata[1] : undefined;
  const unit = Array.isArray(info) ? info[0] : undefined;
  const count = Array.isArray(info) ? info[1] : 1;
  const text = unit instanceof Uint8Array ? Buffer.from(unit).toString("latin1") : unit;
  if (typeof text !== "string" || text === "generic") return "";
  return `[${count === 1 ? "" : String(count)}${text}]`;
}

/** `_reconstruct(ndarray, (0,), b'b')`, waiting for BUILD to give shape, dtype and data. */
class PendingArray implements Buildable {
  /** State: ([version,] shape, dtype, is_fortran, data). */
  setState(state: PickleValue): NDArray {
    if (!Array.isArray(state) || (state.length !== 5 && state.length !== 4))
      invalid("bad array state");
    const [shape, dtype, fortran, data] = state.length === 5 ? state.slice(1) : state;
    return makeArray(shapeOf(shape), specOf(dtype), fortran === true, data);
  }
}

function shapeOf(value: PickleValue): number[] {
  if (
    !Array.isArray(value) ||
    !value.every((d) => typeof d === "number" && Number.isSafeInteger(d) && d >= 0)
  ) {
    invalid("array shape is not a tuple of non-negative integers");
  }
  return value as number[];
}

function makeArray(shape: number[], spec: DTypeSpec, fortran: boolean, data: PickleValue): NDArray {
  const order = fortran ? "F" : "C";
  const count = shape.reduce((a, b) => a * b, 1);
  if (spec.dtype === "object") {
    if (!Array.isArray(data) || data.length !== count)
      invalid(`object array data is not a list of ${count} items`);
    // NumPy pickles object items in logical (C) order even for a Fortran array.
    return new NDArray({ dtype: "object", shape, order: "C", data: [...data] });
  }
  const { info, byteOrder } = spec.dtype;
  const bytes = bytesOf(data);
  if (bytes.length !== count * info.itemSize) {
    invalid(
      `array data has ${bytes.length} bytes, shape (${shape.join(", ")}) of ${info.name} needs ${count * info.itemSize}`,
    );
  }
  const decoded = decodeData(info, byteOrder, copyBytes(bytes), count, true, "the pickle");
  return new NDArray({ dtype: info.name, shape, order, data: decoded });
}

/** Bytes from a bytes object, or from a Python 2 str read as latin1. */
function bytesOf(value: PickleValue): Uint8Array {
  if (value instanceof Uint8Array) return value;
  if (typeof value === "string") return latin1Bytes(value);
  return invalid("array data is not bytes");
}

const ndarrayClass = pickleGlobal("numpy.ndarray");

const reconstruct = pickleGlobal("numpy._core.multiarray._reconstruct", (args) => {
  if (args[0] !== ndarrayClass) invalid("_reconstruct of something other than numpy.ndarray");
  return new PendingArray();
});

const dtype = pickleGlobal("numpy.dtype", (args) => {
  if (typeof args[0] !== "string") invalid("dtype without a type string");
  return new PendingDType(args[0]);
});

/** `scalar(dtype, bytes)`: one NumPy scalar such as `np.float64(1.5)`. */
const scalar = pickleGlobal("numpy._core.multiarray.scalar", (args) => {
  const spec = specOf(args[0]);
  if (spec.dtype === "object") return args[1];
  return makeArray([], spec, false, args[1]).get();
});

/** `_frombuffer(buffer, dtype, shape, order)`: protocol 5's form of a numeric array. */
const frombuffer = pickleGlobal("numpy._core.numeric._frombuffer", (args) => {
  const [buffer, type, shape, order] = args;
  return makeArray(shapeOf(shape), specOf(type), order === "F", buffer);
});

const ALLOWED = new Map<string, PickleGlobal>();
for (const module of ["numpy._core.multiarray", "numpy.core.multiarray", "numpy.core._internal"]) {
  ALLOWED.set(`${module}._reconstruct`, reconstruct);
}
for (const module of ["numpy._core.multiarray", "numpy.core.multiarray"]) {
  ALLOWED.set(`${module}.scalar`, scalar);
}
for (const module of ["numpy._core.numeric", "numpy.core.numeric"]) {
  ALLOWED.set(`${module}._frombuffer`, frombuffer);
}
ALLOWED.set("numpy.ndarray", ndarrayClass);
ALLOWED.set("numpy.dtype", dtype);

/** The globals the `.npy` reader allows: NumPy's array machinery and a few inert builtins. */
export const numpyGlobals: GlobalTable = {
  resolve: (module, name) => ALLOWED.get(`${module}.${name}`) ?? resolveBuiltin(module, name),
  constructorOf: builtinConstructor,
};

export { PendingArray, PendingDType };
