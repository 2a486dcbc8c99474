/**
 * Object (`|O`) arrays on the way out: the data section of such an `.npy`
 * file is a pickle (protocol 3, as `np.save` writes it) of the whole array.
 */
import { TypeMismatchError } from "../../../engine/errors.js";
import type { NDArray } from "../ndarray.js";
import { writeNDArrayReduce } from "./pickle-ndarray.js";
import { ValuePickler } from "./pickle-values-writer.js";

/**
 * The pickle `np.save(..., allow_pickle=True)` would write for `array`;
 * items map to Python values as the value pickler documents.
 */
export function pickleObjectArray(array: NDArray): Uint8Array {
  const pickler = new ValuePickler((path, reason) => {
    throw new TypeMismatchError(`cannot write an array of dtype object: ${path()}: ${reason}`);
  });
  writeNDArrayReduce(pickler, array, () => "items");
  return pickler.finish();
}

/** Why an object array is refused without `allowPickle`, and how to allow it. */
export function pickleNotAllowed(): TypeMismatchError {
  return new TypeMismatchError(
    "cannot write an array of dtype object: its items are Python objects, stored as a pickle; " +
      "write it with t.ndarray({ allowPickle: true }) (or { allowPickle: true } when encoding " +
      "directly), and read it in Python with np.load(..., allow_pickle=True)",
  );
}
