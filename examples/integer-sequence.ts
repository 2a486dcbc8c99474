/**
 * Typed iterators: a generator's values become a Flyte collection; the next
 * task gets a lazy iterator that converts each element only when reached.
 *
 *   npx flytekit-ts run examples/integer-sequence.ts sequenceSum --n 100
 */
import { t, task, workflow } from "flytekit-ts";

export const countTo = task(
  { name: "count-to", inputs: { n: t.int }, outputs: t.iterator(t.int) },
  function* ({ n }) {
    for (let i = 1; i <= n; i++) yield i;
  },
);

export const total = task(
  { name: "total", inputs: { xs: t.iterator(t.int) }, outputs: t.int },
  async ({ xs }) => {
    let sum = 0;
    for await (const x of xs) sum += x;
    return sum;
  },
);

export const sequenceSum = workflow(
  { name: "sequence-sum", inputs: { n: t.int }, outputs: t.int },
  async ({ n }) => total({ xs: await countTo({ n }) }),
);
