/**
 * Read-ahead of storage-backed elements: bounded, in order, failures in
 * their turn and naming their index, leftovers handed back on early exit.
 */
import { describe, expect, it } from "vitest";
import type { Descriptor } from "../../../src/engine/descriptor.js";
import { TypeMismatchError } from "../../../src/engine/errors.js";
import type { TypeTransformer } from "../../../src/engine/transformer.js";
import { collectionLiteral, integerLiteral } from "../../../src/model/literals.js";
import { createTypeEngine, defaultEngine } from "../../../src/types/default-engine.js";
import { type LazyIterator, READ_AHEAD } from "../../../src/types/iterator/index.js";
import { readAhead } from "../../../src/types/iterator/read-ahead.js";
import { t } from "../../../src/types/t.js";
import { testContext } from "../../helpers/context.js";

const turn = () => new Promise((resolve) => setImmediate(resolve));

/** A "stored" int: converted asynchronously only, after `delay(value)` turns, failing on 13. */
function storedInts(delay: (value: number) => number = () => 1) {
  const log = { started: [] as number[], finished: [] as number[], disposed: [] as number[] };
  const stored: Descriptor<{ value: number }> = { kind: "stored" };
  const transformer: TypeTransformer = {
    kind: "stored",
    name: "a stored int",
    literalType: () => defaultEngine.literalType(t.int),
    toLiteral: (ctx, value) => defaultEngine.toLiteral(ctx, value, t.int),
    async toValue(ctx, literal) {
      const value = await defaultEngine.toValue<number>(ctx, literal, t.int);
      log.started.push(value);
      for (let i = 0; i < delay(value); i++) await turn();
      if (value === 13) throw new TypeMismatchError("unlucky");
      log.finished.push(value);
      return { value };
    },
    async dispose(element) {
      log.disposed.push((element as { value: number }).value);
    },
  };
  const engine = createTypeEngine().register(transformer);
  const ctx = testContext({ engine, variable: "input blobs" });
  const receive = (...values: number[]) =>
    engine.toValue<LazyIterator<{ value: number }>>(
      ctx,
      collectionLiteral(values.map((v) => integerLiteral(v))),
      t.iterator(stored),
    );
  return { log, receive };
}

describe("LazyIterator read-ahead", () => {
  it("reads at most READ_AHEAD elements past the one the consumer holds", async () => {
    expect(READ_AHEAD).toBe(2);
    const { log, receive } = storedInts();
    const values = Array.from({ length: 10 }, (_, i) => i);
    const blobs = await receive(...values);
    const seen: number[] = [];
    for await (const blob of blobs) {
      // A slow consumer: the reads it lets run must stop READ_AHEAD past this element.
      for (let i = 0; i < 20; i++) await turn();
      expect(log.started.length).toBe(Math.min(values.length, blob.value + 1 + READ_AHEAD));
      seen.push(blob.value);
    }
    expect(seen).toEqual(values);
  });

  it("keeps the order when later elements finish first", async () => {
    const { log, receive } = storedInts((value) => 10 - value);
    const blobs = await receive(0, 1, 2, 3, 4, 5, 6);
    expect((await blobs.toArray()).map((b) => b.value)).toEqual([0, 1, 2, 3, 4, 5, 6]);
    // Element 0 took longest, yet 1 and 2 were read meanwhile and finished before it.
    expect(log.finished.slice(0, 3)).toEqual([2, 1, 0]);
  });

  it("yields the elements before a failing one, then names its index", async () => {
    const { receive } = storedInts();
    const blobs = await receive(1, 2, 13, 4);
    const seen: number[] = [];
    const failure = (async () => {
      for await (const blob of blobs) seen.push(blob.value);
    })();
    await expect(failure).rejects.toThrow("task test, input blobs[2]: unlucky");
    expect(seen).toEqual([1, 2]);
  });

  it("hands elements read ahead but never reached to dispose when the loop ends early", async () => {
    const { log, receive } = storedInts();
    const blobs = await receive(0, 1, 2, 3, 4, 5);
    for await (const blob of blobs) if (blob.value === 1) break;
    for (let i = 0; i < 10; i++) await turn();
    expect(log.started).toEqual([0, 1, 2, 3]);
    expect(log.disposed).toEqual([2, 3]);
  });

  it("batches elements, reading ahead as it goes", async () => {
    const { receive } = storedInts();
    const blobs = await receive(1, 2, 3, 4, 5);
    const batches: number[][] = [];
    for await (const batch of blobs.batches(2)) batches.push(batch.map((b) => b.value));
    expect(batches).toEqual([[1, 2], [3, 4], [5]]);
    expect(() => blobs.batches(0)).toThrow(RangeError);
    expect(() => blobs.batches(1.5)).toThrow("batch size must be a positive integer, got 1.5");
  });
});

describe("readAhead", () => {
  it("ignores the failure of a value fetched ahead and never reached", async () => {
    const fetch = async (index: number) => {
      await turn();
      if (index === 2) throw new Error("never reported");
      return index;
    };
    const seen: number[] = [];
    for await (const value of readAhead(5, 2, fetch)) {
      seen.push(value);
      break;
    }
    for (let i = 0; i < 5; i++) await turn();
    expect(seen).toEqual([0]);
  });

  it("yields nothing for zero elements and fetches each index once with depth 0", async () => {
    const fetched: number[] = [];
    const fetch = async (index: number) => {
      fetched.push(index);
      return index;
    };
    const none: number[] = [];
    for await (const value of readAhead(0, 2, fetch)) none.push(value);
    expect(none).toEqual([]);
    const all: number[] = [];
    for await (const value of readAhead(3, 0, fetch)) {
      all.push(value);
      expect(fetched.length).toBe(value + 1);
    }
    expect(all).toEqual([0, 1, 2]);
  });
});
