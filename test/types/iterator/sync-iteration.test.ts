/**
 * Typed-iterator inputs walked with plain `for…of`: allowed for elements
 * that need no I/O, converted one at a time when reached, and refused with
 * `needs_async` (before any element) for elements read from storage.
 */
import { beforeEach, describe, expect, it } from "vitest";
import type { Descriptor } from "../../../src/engine/descriptor.js";
import { isFlytekitError } from "../../../src/engine/errors.js";
import type { TypeTransformer } from "../../../src/engine/transformer.js";
import {
  collectionLiteral,
  floatLiteral,
  integerLiteral,
  mapLiteral,
  stringLiteral,
} from "../../../src/model/literals.js";
import { task } from "../../../src/runtime/task.js";
import { createTypeEngine, defaultEngine } from "../../../src/types/default-engine.js";
import type { LazyIterator } from "../../../src/types/iterator/index.js";
import { t } from "../../../src/types/t.js";
import { tempDir, testContext } from "../../helpers/context.js";

const ints = (...values: number[]) => collectionLiteral(values.map((v) => integerLiteral(v)));

async function received<V>(literal: ReturnType<typeof collectionLiteral>, d: Descriptor) {
  const ctx = testContext({ variable: "input xs" });
  return ctx.engine.toValue<LazyIterator<V>>(ctx, literal, t.iterator(d));
}

/** Catches what `walk` throws; fails the test when it throws nothing. */
function thrown(walk: () => unknown): Error {
  try {
    walk();
  } catch (error) {
    return error as Error;
  }
  throw new Error("expected an error");
}

describe("LazyIterator with for…of", () => {
  it("walks integers, restarting from the first element each time", async () => {
    const xs = await received<number>(ints(3, 1, 4), t.int);
    const seen: number[] = [];
    for (const x of xs) seen.push(x);
    expect(seen).toEqual([3, 1, 4]);
    expect([...xs]).toEqual([3, 1, 4]);
    expect(Array.from(xs, (x) => x * 2)).toEqual([6, 2, 8]);
  });

  it("walks lists and maps of primitives, dates and nested iterators", async () => {
    const lists = await received<string[]>(
      collectionLiteral([
        collectionLiteral([stringLiteral("a"), stringLiteral("b")]),
        collectionLiteral([]),
      ]),
      t.list(t.string),
    );
    expect([...lists]).toEqual([["a", "b"], []]);

    const maps = await received<Record<string, number>>(
      collectionLiteral([mapLiteral({ x: floatLiteral(0.5), y: floatLiteral(Number.NaN) })]),
      t.map(t.float),
    );
    expect([...maps]).toEqual([{ x: 0.5, y: Number.NaN }]);

    const ctx = testContext();
    const when = new Date(Date.UTC(2024, 1, 29, 12, 0, 0, 250));
    const dates = await defaultEngine.toLiteral(ctx, [when], t.iterator(t.datetime));
    const back = await defaultEngine.toValue<LazyIterator<Date>>(
      ctx,
      dates,
      t.iterator(t.datetime),
    );
    expect([...back].map((d) => d.toISOString())).toEqual(["2024-02-29T12:00:00.250Z"]);

    const nested = await received<LazyIterator<number>>(
      collectionLiteral([ints(1, 2), ints(3)]),
      t.iterator(t.int),
    );
    expect([...nested].map((inner) => [...inner])).toEqual([[1, 2], [3]]);
  });

  it("converts each element only when reached, in both kinds of loop", async () => {
    let conversions = 0;
    const counted: Descriptor<number> = { kind: "counted" };
    const int = defaultEngine.transformerFor(t.int);
    const transformer: TypeTransformer = {
      ...int,
      kind: "counted",
      toValueSync(ctx, literal) {
        conversions++;
        return int.toValueSync?.(ctx, literal, t.int);
      },
    };
    const engine = createTypeEngine().register(transformer);
    const ctx = testContext({ engine });
    const xs = await engine.toValue<LazyIterator<number>>(ctx, ints(5, 6, 7), t.iterator(counted));
    for (const x of xs) {
      expect(x).toBe(5);
      break;
    }
    expect(conversions).toBe(1);
    for await (const x of xs) {
      expect(x).toBe(5);
      break;
    }
    expect(conversions).toBe(2);
  });

  it("names the element that does not convert, after yielding those before it", async () => {
    const xs = await received<number>(
      collectionLiteral([integerLiteral(1), stringLiteral("two"), integerLiteral(3)]),
      t.int,
    );
    const seen: number[] = [];
    const error = thrown(() => {
      for (const x of xs) seen.push(x);
    });
    expect(seen).toEqual([1]);
    expect(error.message).toMatch(
      /^task test, input xs\[1\]: expected a literal of an integer, got .*"stringValue":"two"/,
    );
    expect(isFlytekitError(error) && error.code).toBe("type_mismatch");
  });

  it("refuses elements read from storage before the first one, naming the type", async () => {
    const ctx = testContext({ variable: "input arrays" });
    const d = t.iterator(t.ndarray());
    const literal = await defaultEngine.toLiteral(ctx, [new Float64Array([1, 2])], d);
    const arrays = await defaultEngine.toValue<LazyIterator<unknown>>(ctx, literal, d);
    const error = thrown(() => {
      for (const _array of arrays) throw new Error("no element may be reached");
    });
    expect(isFlytekitError(error) && error.code).toBe("needs_async");
    expect(error.message).toBe(
      "task test, input arrays: cannot convert a numpy array synchronously: it is converted " +
        "with I/O (read from storage); iterate with for await…of",
    );
    // The asynchronous loop reads the same value.
    const [array] = await arrays.toArray();
    expect(Array.from((array as { data: Float64Array }).data)).toEqual([1, 2]);
  });

  it("refuses a list of arrays at its first element, naming the element", async () => {
    const ctx = testContext({ variable: "input groups" });
    const d = t.iterator(t.list(t.ndarray()));
    const literal = await defaultEngine.toLiteral(ctx, [[new Int8Array([1])]], d);
    const groups = await defaultEngine.toValue<LazyIterator<unknown>>(ctx, literal, d);
    const error = thrown(() => [...groups]);
    expect(isFlytekitError(error) && error.code).toBe("needs_async");
    expect(error.message).toMatch(
      /^task test, input groups\[0\]\[0\]: cannot convert a numpy array synchronously/,
    );
  });
});

describe("for…of inside a task", () => {
  beforeEach(() => {
    process.env.FLYTEKIT_TS_DATA_DIR = tempDir();
  });

  it("sums a typed iterator of integers without await", async () => {
    const sum = task(
      { name: "sum_sync", inputs: { xs: t.iterator(t.int) }, outputs: t.int },
      ({ xs }) => {
        let total = 0;
        for (const x of xs) total += x;
        return total;
      },
    );
    expect(await sum({ xs: [1, 2, 3, 40] })).toBe(46);
  });
});
