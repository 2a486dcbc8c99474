/**
 * Iterators through real tasks: outputs written by one task arrive as lazy,
 * restartable values in the next, with the static types the descriptors give.
 */
import { beforeEach, describe, expect, it } from "vitest";
import { type JsonLines, LazyIterator, t, task } from "../../../src/index.js";
import { tempDir } from "../../helpers/context.js";

beforeEach(() => {
  process.env.FLYTEKIT_TS_DATA_DIR = tempDir();
});

interface Row {
  readonly id: number;
  readonly score: number;
}

const makeRows = task(
  { name: "make_rows", inputs: { n: t.int }, outputs: t.jsonIterator<Row>() },
  async function* ({ n }) {
    for (let id = 0; id < n; id++) yield { id, score: id === 1 ? Number.NaN : id / 2 };
  },
);

const sumScores = task(
  { name: "sum_scores", inputs: { rows: t.jsonIterator<Row>() }, outputs: t.float },
  async ({ rows }) => {
    let total = 0;
    for await (const row of rows) if (!Number.isNaN(row.score)) total += row.score;
    // A second pass starts again from the first record.
    let count = 0;
    for await (const _row of rows) count++;
    return total + count * 1000;
  },
);

const squares = task(
  { name: "squares", inputs: { n: t.int }, outputs: t.iterator(t.int) },
  function* ({ n }) {
    for (let i = 0; i < n; i++) yield i * i;
  },
);

const total = task(
  { name: "total", inputs: { xs: t.iterator(t.int) }, outputs: t.int },
  async ({ xs }) => {
    let sum = 0;
    for await (const x of xs) sum += x;
    return sum + xs.length * 100;
  },
);

describe("iterators through tasks", () => {
  it("hands a JSON iterator from one task to the next", async () => {
    const rows: JsonLines<Row> = await makeRows({ n: 4 });
    expect(await rows.toArray()).toEqual([
      { id: 0, score: 0 },
      { id: 1, score: Number.NaN },
      { id: 2, score: 1 },
      { id: 3, score: 1.5 },
    ]);
    expect(await sumScores({ rows })).toBe(2.5 + 4000);
  });

  it("fails a task whose JSON iterator output is empty, with flytekit's message", async () => {
    await expect(makeRows({ n: 0 })).rejects.toThrow(
      /task make_rows, output o0: cannot write a JSON iterator: The iterator is empty\./,
    );
  });

  it("hands a typed iterator from one task to the next", async () => {
    const xs = await squares({ n: 5 });
    expect(xs).toBeInstanceOf(LazyIterator);
    expect(xs.length).toBe(5);
    expect(await total({ xs })).toBe(0 + 1 + 4 + 9 + 16 + 500);
    expect(await total({ xs: [1, 2, 3] })).toBe(306);
  });
});
