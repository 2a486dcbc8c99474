import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeEach, describe, expect, it } from "vitest";
import { execute, t, task, workflow } from "../../src/index.js";
import { decodeLiteralMap, literalMapToJson } from "../../src/model/index.js";
import { tempDir } from "../helpers/context.js";

let dataDir: string;
beforeEach(() => {
  dataDir = tempDir();
  process.env.FLYTEKIT_TS_DATA_DIR = dataDir;
});

const add = task(
  { name: "add", inputs: { a: t.int, b: t.int }, outputs: t.int },
  ({ a, b }) => a + b,
);
const stats = task(
  { name: "stats", inputs: { xs: t.list(t.float) }, outputs: { total: t.float, count: t.int } },
  ({ xs }) => ({ total: xs.reduce((s, x) => s + x, 0), count: xs.length }),
);

describe("task", () => {
  it("runs directly with values converted both ways", async () => {
    expect(await add({ a: 2, b: 40 })).toBe(42);
    expect(await stats({ xs: [1.5, 2.5, 4] })).toEqual({ total: 8, count: 3 });
  });

  it("names the task and input when an input has the wrong type", async () => {
    await expect(add({ a: 2, b: "x" as unknown as number })).rejects.toThrow(
      /task add, input b: expected an integer, got string "x"/,
    );
  });

  it("names the output when the function returns the wrong type", async () => {
    const bad = task({ name: "bad", inputs: {}, outputs: t.int }, () => 1.5);
    await expect(bad()).rejects.toThrow(/task bad, output o0: expected an integer, got number 1.5/);
  });

  it("leaves inputs.pb but no outputs.pb when the task fails", async () => {
    const boom = task({ name: "boom", inputs: { a: t.int }, outputs: t.int }, () => {
      throw new Error("kaput");
    });
    await expect(boom({ a: 1 })).rejects.toThrow(/task boom failed: kaput/);
    const [execution] = readdirSync(join(dataDir, "executions"));
    const dir = join(dataDir, "executions", execution!);
    expect(existsSync(join(dir, "inputs.pb"))).toBe(true);
    expect(existsSync(join(dir, "outputs.pb"))).toBe(false);
  });
});

describe("workflow", () => {
  const wf = workflow(
    { name: "wf", inputs: { x: t.int }, outputs: { sum: t.int, twice: t.int } },
    async ({ x }) => {
      const a = await add({ a: x, b: 1 });
      const b = await add({ a: x, b: 2 });
      return { sum: await add({ a, b }), twice: b };
    },
  );

  it("builds a graph and runs it", async () => {
    expect(await wf({ x: 10 })).toEqual({ sum: 23, twice: 12 });
    const graph = await wf.graph();
    expect(graph.nodes.map((n) => n.runnable.name)).toEqual(["add", "add", "add"]);
  });

  it("writes each node's inputs.pb and outputs.pb as LiteralMaps", async () => {
    const execution = await execute(wf, { x: 1 });
    const node = join(execution.recordDir, "n2");
    const outputs = literalMapToJson(decodeLiteralMap(readFileSync(join(node, "outputs.pb"))));
    expect(outputs).toMatchObject({
      literals: { o0: { scalar: { primitive: { integer: "5" } } } },
    });
    const inputs = literalMapToJson(decodeLiteralMap(readFileSync(join(node, "inputs.pb"))));
    expect(inputs).toMatchObject({
      literals: {
        a: { scalar: { primitive: { integer: "2" } } },
        b: { scalar: { primitive: { integer: "3" } } },
      },
    });
  });

  it("runs independent nodes concurrently", async () => {
    let running = 0;
    let peak = 0;
    const slow = task({ name: "slow", inputs: { i: t.int }, outputs: t.int }, async ({ i }) => {
      running++;
      peak = Math.max(peak, running);
      await new Promise((r) => setTimeout(r, 50));
      running--;
      return i;
    });
    const fan = workflow({ name: "fan", inputs: {}, outputs: t.int }, async () => {
      const outs = await Promise.all([0, 1, 2].map((i) => slow({ i })));
      return outs.length;
    });
    // The body returns a constant; the three independent nodes still run, concurrently.
    await expect(fan()).resolves.toBe(3);
    expect(peak).toBe(3);
  });

  it("does not run nodes downstream of a failure and reports the failing task", async () => {
    let ran = false;
    const fail = task({ name: "fail", inputs: {}, outputs: t.int }, () => {
      throw new Error("no");
    });
    const after = task({ name: "after", inputs: { v: t.int }, outputs: t.int }, ({ v }) => {
      ran = true;
      return v;
    });
    const chain = workflow({ name: "chain", inputs: {}, outputs: t.int }, async () =>
      after({ v: await fail() }),
    );
    await expect(chain()).rejects.toThrow(/task fail failed: no/);
    expect(ran).toBe(false);
  });

  it("refuses a miswired graph before any task runs, naming both ends", async () => {
    let ran = false;
    const text = task({ name: "text", inputs: {}, outputs: t.string }, () => {
      ran = true;
      return "x";
    });
    const miswired = workflow({ name: "miswired", inputs: {}, outputs: t.int }, async () =>
      // The cast is what a user's loose typing would let through.
      add({ a: (await text()) as unknown as number, b: 1 }),
    );
    await expect(miswired()).rejects.toThrow(
      "workflow miswired: node n1 (add) input a is declared INTEGER but is bound to output o0 of node n0 (text), which is STRING",
    );
    expect(ran).toBe(false);
    const badOutput = workflow(
      { name: "bad-output", inputs: { x: t.int }, outputs: t.string },
      async ({ x }) => (await add({ a: x, b: 1 })) as unknown as string,
    );
    await expect(badOutput({ x: 1 })).rejects.toThrow(
      /output o0 is declared STRING but is bound to output o0 of node n0 \(add\)/,
    );
  });

  it("closes memory-mapped inputs once the task is done with them", async () => {
    const { NDArray } = await import("../../src/index.js");
    const make = task({ name: "make", inputs: {}, outputs: t.ndarray() }, () =>
      NDArray.from(new Float64Array([1, 2, 3])),
    );
    type Mapped = { get(i: number): Promise<number> };
    let kept: Mapped | undefined;
    const peek = task(
      { name: "peek", inputs: { arr: t.ndarray({ mmapMode: "r" }) }, outputs: t.float },
      async ({ arr }) => {
        kept = arr as unknown as Mapped;
        return kept.get(2);
      },
    );
    const flow = workflow({ name: "mapped", inputs: {}, outputs: t.float }, async () =>
      peek({ arr: await make() }),
    );
    expect(await flow()).toBe(3);
    await expect(kept!.get(0)).rejects.toThrow(/the mapped array was closed/);
  });

  it("refuses task outputs nested in a workflow's output before any task runs", async () => {
    let runs = 0;
    const square = task({ name: "square", inputs: { x: t.int }, outputs: t.int }, ({ x }) => {
      runs++;
      return x * x;
    });
    const nested = workflow({ name: "nested", inputs: {}, outputs: t.list(t.int) }, async () => [
      await square({ x: 2 }),
      await square({ x: 3 }),
    ]);
    await expect(nested()).rejects.toThrow(/output "o0" nests a task output inside a list/);
    expect(runs).toBe(0);
  });

  it("fails loudly when a workflow body computes with a task output", async () => {
    const doubled = workflow(
      { name: "doubled", inputs: { x: t.float }, outputs: t.float },
      async ({ x }) => x * 2,
    );
    await expect(doubled({ x: 21 })).rejects.toThrow(
      /cannot compute with workflow input "x" while building a workflow: it is a reference to a future value/,
    );
  });
});
