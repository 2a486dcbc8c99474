import { describe, expect, expectTypeOf, it } from "vitest";
import type { AcceptsOf, Descriptor, ValueOf } from "../../../src/engine/descriptor.js";
import { TypeMismatchError } from "../../../src/engine/errors.js";
import type { TypeTransformer } from "../../../src/engine/transformer.js";
import type { ILiteral } from "../../../src/model/flyteidl.js";
import { SimpleType } from "../../../src/model/literal-types.js";
import { collectionLiteral, integerLiteral, stringLiteral } from "../../../src/model/literals.js";
import { literalToJson, literalTypeToJson } from "../../../src/model/serialize.js";
import { createTypeEngine, defaultEngine } from "../../../src/types/default-engine.js";
import { iteratorTransformer, LazyIterator } from "../../../src/types/iterator/index.js";
import { t } from "../../../src/types/t.js";
import { testContext } from "../../helpers/context.js";

const ints = (...values: number[]) => collectionLiteral(values.map((v) => integerLiteral(v)));

/** An int type whose conversions are counted and, on the way out, finish on a later turn. */
function countingEngine() {
  const counts = { toValue: 0, toLiteral: 0, started: 0, maxInFlight: 0 };
  const counted: Descriptor<number> = { kind: "counted" };
  const transformer: TypeTransformer = {
    kind: "counted",
    name: "a counted int",
    literalType: () => defaultEngine.literalType(t.int),
    async toLiteral(ctx, value) {
      counts.started++;
      counts.maxInFlight = Math.max(counts.maxInFlight, counts.started - counts.toLiteral);
      await new Promise((resolve) => setImmediate(resolve));
      if (value === "bad") throw new TypeMismatchError("bad element");
      counts.toLiteral++;
      return defaultEngine.toLiteral(ctx, value, t.int);
    },
    async toValue(ctx, literal) {
      counts.toValue++;
      return defaultEngine.toValue(ctx, literal, t.int);
    },
  };
  const engine = createTypeEngine().register(transformer);
  return { counts, counted, ctx: testContext({ engine }) };
}

describe("t.iterator(T)", () => {
  it("travels as a collection of T, like flytekit's Iterator[T]", () => {
    expect(literalTypeToJson(defaultEngine.literalType(t.iterator(t.int)))).toEqual({
      collectionType: { simple: SimpleType.INTEGER },
    });
  });

  it("is never guessed: a collection type guesses as a list", () => {
    const type = defaultEngine.literalType(t.iterator(t.string));
    expect(iteratorTransformer.guess?.(type, defaultEngine)).toBeUndefined();
    expect(defaultEngine.guess(type).kind).toBe("list");
  });

  it("materialises arrays, Sets, generators and async generators", async () => {
    const ctx = testContext();
    async function* asyncInts() {
      yield 1;
      yield 2;
    }
    const sources = [
      [1, 2],
      new Set([1, 2]),
      (function* () {
        yield 1;
        yield 2;
      })(),
      asyncInts(),
    ];
    for (const source of sources) {
      const literal = await defaultEngine.toLiteral(ctx, source, t.iterator(t.int));
      expect(literalToJson(literal)).toEqual(literalToJson(ints(1, 2)));
    }
  });

  it.each([
    ["a string", "12", 'got string "12"'],
    ["a number", 12, "got number 12"],
    ["an object", { a: 1 }, "got an object"],
  ])("refuses %s", async (_name, value, message) => {
    const ctx = testContext();
    const failure = defaultEngine.toLiteral(ctx, value, t.iterator(t.int));
    await expect(failure).rejects.toBeInstanceOf(TypeMismatchError);
    await expect(failure).rejects.toThrow(
      `task test, input x: expected an iterable or async iterable, ${message}`,
    );
  });

  it("names the index of an element that does not convert", async () => {
    const ctx = testContext({ variable: "output o0" });
    const failure = defaultEngine.toLiteral(ctx, [1, 2, "three"], t.iterator(t.int));
    await expect(failure).rejects.toThrow(
      'task test, output o0[2]: expected an integer, got string "three"',
    );
  });

  it("stops pulling a long generator soon after an element fails, with bounded conversions in flight", async () => {
    const { counts, counted, ctx } = countingEngine();
    let pulled = 0;
    function* source() {
      for (let i = 0; i < 1000; i++) {
        pulled++;
        yield i === 20 ? "bad" : i;
      }
    }
    await expect(defaultEngine.toLiteral(ctx, source(), t.iterator(counted))).rejects.toThrow(
      "input x[20]: bad element",
    );
    expect(pulled).toBeLessThanOrEqual(20 + 16 + 1);
    expect(counts.maxInFlight).toBeLessThanOrEqual(17);
  });

  it("hands on a received iterator's literals without converting its elements", async () => {
    const { counts, counted, ctx } = countingEngine();
    const received = await ctx.engine.toValue<LazyIterator<number>>(
      ctx,
      ints(4, 5),
      t.iterator(counted),
    );
    const literal = await ctx.engine.toLiteral(ctx, received, t.iterator(t.int));
    expect(literalToJson(literal)).toEqual(literalToJson(ints(4, 5)));
    expect(counts.toValue).toBe(0);
    const asStrings = ctx.engine.toLiteral(ctx, received, t.iterator(t.string));
    await expect(asStrings).rejects.toThrow("input x[0]: expected a string");
  });

  it("arrives as a LazyIterator that converts elements only when reached or read ahead", async () => {
    const { counts, counted, ctx } = countingEngine();
    const value = await ctx.engine.toValue<LazyIterator<number>>(
      ctx,
      ints(7, 8, 9, 10, 11, 12),
      t.iterator(counted),
    );
    expect(value).toBeInstanceOf(LazyIterator);
    expect(value.length).toBe(6);
    expect(counts.toValue).toBe(0);
    // "counted" converts asynchronously only, so the loop reads READ_AHEAD (2) elements ahead.
    for await (const element of value) {
      expect(element).toBe(7);
      break;
    }
    expect(counts.toValue).toBe(3);
    counts.toValue = 0;
    expect(await value.toArray()).toEqual([7, 8, 9, 10, 11, 12]);
    expect(counts.toValue).toBe(6);
    expect(await value.toArray()).toEqual([7, 8, 9, 10, 11, 12]);
    expect(await value.at(2)).toBe(9);
    await expect(value.at(6)).rejects.toThrow(RangeError);
  });

  it("names the element that fails when reached", async () => {
    const ctx = testContext({ variable: "input xs" });
    const literal = collectionLiteral([integerLiteral(1), stringLiteral("two")]);
    const value = await defaultEngine.toValue<LazyIterator<number>>(
      ctx,
      literal,
      t.iterator(t.int),
    );
    expect(await value.at(0)).toBe(1);
    await expect(value.at(1)).rejects.toThrow(
      "task test, input xs[1]: expected a literal of an integer",
    );
  });

  it("refuses a literal that is not a collection", async () => {
    const ctx = testContext();
    await expect(
      defaultEngine.toValue(ctx, integerLiteral(1) as ILiteral, t.iterator(t.int)),
    ).rejects.toThrow("expected a collection literal");
  });

  it("renders its length and the first five elements in HTML", async () => {
    const ctx = testContext();
    const d = t.iterator(t.string);
    const literal = await defaultEngine.toLiteral(ctx, ["<b>", "b", "c", "d", "e", "f", "g"], d);
    const value = await defaultEngine.toValue<LazyIterator<string>>(ctx, literal, d);
    const html = await iteratorTransformer.toHtml!(ctx, value, d);
    expect(html).toMatch(/^<p>iterator of 7 elements<\/p><ol><li>.*&#60;b&#62;.*<\/li>/);
    expect(html.match(/<li>/g)).toHaveLength(6);
    expect(html).toContain("<li>… 2 more</li>");
    expect(html).not.toContain("<b>");
  });

  it("describes itself in one line for the CLI", async () => {
    const ctx = testContext();
    const d = t.iterator(t.int);
    const describe = iteratorTransformer.describe!;
    const many = await defaultEngine.toValue<LazyIterator<number>>(ctx, ints(1, 2, 3, 4), d);
    expect(await describe(ctx, many, d)).toBe("iterator of 4 elements: 1, 2, 3, …");
    const one = await defaultEngine.toValue<LazyIterator<number>>(ctx, ints(5), d);
    expect(await describe(ctx, one, d)).toBe("iterator of 1 element: 5");
    const none = await defaultEngine.toValue<LazyIterator<number>>(ctx, ints(), d);
    expect(await describe(ctx, none, d)).toBe("iterator of 0 elements");
  });

  it("gives the value and accepted types statically", () => {
    const d = t.iterator(t.int);
    expectTypeOf<ValueOf<typeof d>>().toEqualTypeOf<LazyIterator<number>>();
    expectTypeOf<AcceptsOf<typeof d>>().toEqualTypeOf<
      Iterable<number | bigint> | AsyncIterable<number | bigint>
    >();
  });
});
