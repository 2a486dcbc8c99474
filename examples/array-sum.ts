/**
 * Arrays: one task makes a seeded random array, the next sums it. The array
 * travels between them as a NumPy `.npy` file.
 *
 *   npx flytekit-ts run examples/array-sum.ts arraySum --size 1000 --seed 7
 */
import { NDArray, t, task, workflow } from "flytekit-ts";

/** A small seeded generator (xorshift32) so that runs repeat exactly. */
function uniform(seed: number): () => number {
  let state = seed >>> 0 || 1;
  return () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 2 ** 32;
  };
}

export const randomArray = task(
  { name: "random-array", inputs: { size: t.int, seed: t.int }, outputs: t.ndarray() },
  ({ size, seed }) => {
    const next = uniform(seed);
    return NDArray.from(Float64Array.from({ length: size }, next));
  },
);

export const sumArray = task(
  { name: "sum-array", inputs: { arr: t.ndarray() }, outputs: t.float },
  ({ arr }) => {
    let total = 0;
    for (let i = 0; i < arr.size; i++) total += Number(arr.itemAt(i));
    return total;
  },
);

export const arraySum = workflow(
  { name: "array-sum", inputs: { size: t.int, seed: t.int }, outputs: t.float },
  async ({ size, seed }) => sumArray({ arr: await randomArray({ size, seed }) }),
);
