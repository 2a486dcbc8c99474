/** Tasks that never finish on their own, for the interruption tests. */
import { t, task } from "flytekit-ts";
export const hangs = task(
  { name: "hangs", inputs: {}, outputs: t.int },
  () => new Promise<number>(() => {}),
);
export const slowJl = task(
  { name: "slow-jl", inputs: {}, outputs: t.jsonIterator() },
  async function* () {
    for (let i = 0; ; i++) {
      yield { i, pad: "x".repeat(100) };
      if (i % 1000 === 0) await new Promise((r) => setTimeout(r, 1));
    }
  },
);
