/**
 * The smallest workflow: two tasks over plain numbers, one feeding the other.
 *
 *   npx flytekit-ts run examples/arithmetic.ts pipeline --x 3
 */
import { t, task, workflow } from "flytekit-ts";

export const square = task(
  { name: "square", inputs: { x: t.int }, outputs: t.int },
  ({ x }) => x * x,
);

export const describe = task(
  { name: "describe", inputs: { value: t.int }, outputs: { text: t.string, even: t.boolean } },
  ({ value }) => ({ text: `the square is ${value}`, even: value % 2 === 0 }),
);

export const pipeline = workflow(
  { name: "pipeline", inputs: { x: t.int }, outputs: { text: t.string, even: t.boolean } },
  async ({ x }) => describe({ value: await square({ x }) }),
);
