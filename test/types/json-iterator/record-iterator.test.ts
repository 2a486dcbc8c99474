/** The hand-written record iterator keeps a generator's guarantees. */
import { describe, expect, it } from "vitest";
import {
  type BatchDecoder,
  END,
  RecordIterator,
} from "../../../src/types/json-iterator/record-iterator.js";

/** Batches of lines, recording whether they were closed. */
function batches(...groups: string[][]) {
  const state = { closed: false };
  async function* generate() {
    try {
      for (const group of groups) {
        await new Promise((resolve) => setImmediate(resolve));
        yield group;
      }
    } finally {
      state.closed = true;
    }
  }
  return { state, source: generate() };
}

/** Numbers lines across batches, drops "skip" lines and throws on "bad" ones. */
class Numbering implements BatchDecoder<string[], string> {
  #lines: string[] = [];
  #index = 0;
  #lineNumber = 0;

  load(lines: string[]): void {
    [this.#lines, this.#index] = [lines, 0];
  }

  clear(): void {
    this.load([]);
  }

  next(): string | typeof END {
    for (;;) {
      const line = this.#lines[this.#index++];
      if (line === undefined) return END;
      const lineNumber = ++this.#lineNumber;
      if (line === "bad") throw new Error(`bad line ${lineNumber}`);
      if (line !== "skip") return `${lineNumber}:${line}`;
    }
  }
}

const decode = () => new Numbering();

describe("RecordIterator", () => {
  it("numbers lines across batches, skips, and ends", async () => {
    const { source, state } = batches(["a", "skip"], [], ["b"], ["skip"]);
    const records = new RecordIterator(source, decode());
    const out: string[] = [];
    for await (const record of { [Symbol.asyncIterator]: () => records }) out.push(record);
    expect(out).toEqual(["1:a", "3:b"]);
    expect(state.closed).toBe(true);
    expect(await records.next()).toEqual({ value: undefined, done: true });
  });

  it("answers calls made without waiting in order", async () => {
    const { source } = batches(["a"], ["b", "c"], ["d"]);
    const records = new RecordIterator(source, decode());
    const results = await Promise.all([1, 2, 3, 4, 5].map(() => records.next()));
    expect(results.map((r) => r.value)).toEqual(["1:a", "2:b", "3:c", "4:d", undefined]);
  });

  it("throws the labelled error once, closes the source, then is done", async () => {
    const { source, state } = batches(["a", "bad", "c"]);
    const records = new RecordIterator(
      source,
      decode(),
      (e) => new Error(`x: ${(e as Error).message}`),
    );
    expect((await records.next()).value).toBe("1:a");
    await expect(records.next()).rejects.toThrow("x: bad line 2");
    expect(state.closed).toBe(true);
    expect(await records.next()).toEqual({ value: undefined, done: true });
  });

  it("closes the source when the loop is left early", async () => {
    const { source, state } = batches(["a", "b"], ["c"]);
    const records = new RecordIterator(source, decode());
    for await (const record of { [Symbol.asyncIterator]: () => records }) {
      expect(record).toBe("1:a");
      break;
    }
    expect(state.closed).toBe(true);
  });

  it("takes records in arrays across batches, then an empty array", async () => {
    const { source, state } = batches(["a", "skip", "b"], ["c"], [], ["d", "e"]);
    const records = new RecordIterator(source, decode());
    expect(await records.take(2)).toEqual(["1:a", "3:b"]);
    expect(await records.take(2)).toEqual(["4:c", "5:d"]);
    expect(await records.take(2)).toEqual(["6:e"]);
    expect(await records.take(2)).toEqual([]);
    expect(state.closed).toBe(true);
  });

  it("hands out the records before a failure, then throws it on the next take", async () => {
    const { source, state } = batches(["a", "b"], ["bad", "c"]);
    const records = new RecordIterator(source, decode());
    expect(await records.take(5)).toEqual(["1:a", "2:b"]);
    expect(state.closed).toBe(false);
    await expect(records.take(5)).rejects.toThrow("bad line 3");
    expect(state.closed).toBe(true);
    expect(await records.take(5)).toEqual([]);
  });
});
