/**
 * JSON iterators: records stream to a JSON Lines file one by one and stream
 * back the same way, so neither task holds them all in memory.
 *
 *   npx flytekit-ts run examples/user-records.ts userCount --n 10000
 */
import { t, task, workflow } from "flytekit-ts";

export const makeUsers = task(
  { name: "make-users", inputs: { n: t.int }, outputs: t.jsonIterator() },
  async function* ({ n }) {
    for (let id = 1; id <= n; id++) {
      yield { id, name: `user-${id}`, active: id % 3 !== 0, tags: id % 2 === 0 ? ["even"] : [] };
    }
  },
);

export const countActive = task(
  {
    name: "count-active",
    inputs: { users: t.jsonIterator() },
    outputs: { total: t.int, active: t.int },
  },
  async ({ users }) => {
    let total = 0;
    let active = 0;
    for await (const user of users) {
      total++;
      if ((user as { active?: boolean }).active) active++;
    }
    return { total, active };
  },
);

export const userCount = workflow(
  { name: "user-count", inputs: { n: t.int }, outputs: { total: t.int, active: t.int } },
  async ({ n }) => countActive({ users: await makeUsers({ n }) }),
);
