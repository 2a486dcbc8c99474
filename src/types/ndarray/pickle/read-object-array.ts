/**
 * Object (`|O`) arrays: the data section of such an `.npy` file is a pickle
 * of the whole array, read here with the restricted unpickler.
 */
import { describeError, FormatError } from "../../../engine/errors.js";
import { NDArray } from "../ndarray.js";
import { formatShape, npyError } from "../npy-header.js";
import { isDTypeValue, numpyGlobals, PendingArray } from "./numpy-globals.js";
import { PickleError } from "./pickle-values.js";
import { PythonClass } from "./python-class.js";
import { unpickle } from "./unpickler.js";

/**
 * The object array pickled in `pickle`, whose header announced `shape`.
 * Items are plain JavaScript values (see the unpickler) and nested arrays
 * are NDArrays.
 */
export function readObjectArray(
  pickle: Uint8Array,
  shape: readonly number[],
  source: string,
): NDArray<"object"> {
  let result: unknown;
  try {
    result = unpickle(pickle, numpyGlobals);
    checkFinished(result);
  } catch (error) {
    // Whatever went wrong inside (bad state, bad sizes), the file is at fault: say so, typed.
    const code =
      error instanceof PickleError || error instanceof FormatError ? error.code : "invalid_pickle";
    throw npyError(code, source, describeError(error).replace(/^cannot read the pickle: /, ""));
  }
  if (!(result instanceof NDArray) || result.dtype !== "object") {
    throw npyError("invalid_pickle", source, "the pickle does not hold an object array");
  }
  if (formatShape(result.shape) !== formatShape(shape)) {
    throw npyError(
      "invalid_pickle",
      source,
      `header says shape ${formatShape(shape)} but the pickle holds ${formatShape(result.shape)}`,
    );
  }
  return result as NDArray<"object">;
}

/**
 * Walks the result (without recursion, cycles allowed) and refuses internal
 * objects a malformed pickle could leave in it: arrays never given their
 * state, dtypes and NumPy functions used as items. Inert classes may stay.
 */
function checkFinished(root: unknown): void {
  const seen = new Set<unknown>();
  const pending: unknown[] = [root];
  while (pending.length > 0) {
    const value = pending.pop();
    if (typeof value !== "object" || value === null || seen.has(value)) continue;
    seen.add(value);
    if (value instanceof PendingArray)
      throw new PickleError("invalid_pickle", "an array was never given its state");
    if (isDTypeValue(value)) {
      throw new PickleError("unsupported_pickle", "dtype objects as array items are not supported");
    }
    if (value instanceof NDArray) {
      if (value.dtype === "object") for (const item of value.data as unknown[]) pending.push(item);
    } else if (Array.isArray(value)) for (const item of value) pending.push(item);
    else if (value instanceof Map) for (const [k, v] of value) pending.push(k, v);
    else if (value instanceof Set) for (const item of value) pending.push(item);
    else if (
      !(value instanceof Uint8Array) &&
      !(value instanceof PythonClass) &&
      !isComplex(value)
    ) {
      throw new PickleError(
        "unsupported_pickle",
        "the pickle holds a class or function as a value",
      );
    }
  }
}

function isComplex(value: object): boolean {
  const keys = Object.keys(value);
  return keys.length === 2 && keys[0] === "re" && keys[1] === "im";
}
