import { list, map } from "./collections/index.js";
import { image } from "./image/index.js";
import { iterator } from "./iterator/index.js";
import { jsonIterator } from "./json-iterator/index.js";
import { ndarray } from "./ndarray/index.js";
import { boolean, datetime, duration, float, int, none, string } from "./primitives/index.js";

/**
 * The built-in type descriptors. Each gives a task's inputs and outputs both
 * their runtime conversion and their static TypeScript type.
 *
 * @example
 * ```ts
 * const sum = task({ name: "sum", inputs: { arr: t.ndarray() }, outputs: t.float }, ({ arr }) => …);
 * ```
 */
export const t = Object.freeze({
  int,
  float,
  string,
  boolean,
  datetime,
  duration,
  none,
  list,
  map,
  ndarray,
  image,
  iterator,
  jsonIterator,
});
