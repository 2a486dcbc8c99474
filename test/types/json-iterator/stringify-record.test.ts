import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseLine } from "../../../src/types/json-iterator/parse-line.js";
import {
  NotJsonError,
  stringifyRecord,
} from "../../../src/types/json-iterator/stringify-record.js";

describe("stringifyRecord", () => {
  it("writes plain JSON exactly as JSON.stringify does", () => {
    const record = { a: 1, b: [true, "x", { c: null }], d: "null", e: 0.1 };
    expect(stringifyRecord(record)).toBe('{"a":1,"b":[true,"x",{"c":null}],"d":"null","e":0.1}');
  });

  it("writes non-finite numbers as Python's json does, never as null", () => {
    expect(stringifyRecord({ x: Number.NaN, y: [Infinity, -Infinity], z: null })).toBe(
      '{"x":NaN,"y":[Infinity,-Infinity],"z":null}',
    );
    expect(stringifyRecord(Number.NaN)).toBe("NaN");
  });

  it("writes bigints as their exact digits", () => {
    expect(stringifyRecord({ big: 2n ** 70n, neg: -(2n ** 63n) })).toBe(
      '{"big":1180591620717411303424,"neg":-9223372036854775808}',
    );
    expect(stringifyRecord(12345678901234567890n)).toBe("12345678901234567890");
  });

  it("writes a number holding an integer beyond 2^53 as a float, so it reads back as a number", () => {
    expect(stringifyRecord([2 ** 60, -(2 ** 53), 2 ** 53 - 1, 1e21])).toBe(
      "[1152921504606847000.0,-9007199254740992.0,9007199254740991,1e+21]",
    );
  });

  it("drops undefined, functions and symbols from objects and nulls them in arrays", () => {
    const record = { keep: 1, u: undefined, f: () => 1, s: Symbol("s"), nan: Number.NaN };
    expect(stringifyRecord(record)).toBe('{"keep":1,"nan":NaN}');
    expect(stringifyRecord([undefined, () => 1, Symbol("s"), Number.NaN])).toBe(
      "[null,null,null,NaN]",
    );
  });

  it("writes the holes of a sparse array as null", () => {
    const sparse: unknown[] = [1];
    sparse[3] = Number.NaN;
    expect(stringifyRecord(sparse)).toBe("[1,null,null,NaN]");
  });

  it("calls toJSON: a Date becomes its ISO string", () => {
    const when = new Date(Date.UTC(2024, 1, 29, 12, 30, 0, 5));
    expect(stringifyRecord({ when, n: Number.NaN })).toBe(
      '{"when":"2024-02-29T12:30:00.005Z","n":NaN}',
    );
    const custom = { toJSON: (key: string) => ({ key, v: Number.POSITIVE_INFINITY }) };
    expect(stringifyRecord({ inner: custom })).toBe('{"inner":{"key":"inner","v":Infinity}}');
  });

  it("unwraps boxed primitives", () => {
    expect(stringifyRecord([new Number(Number.NaN), new String("s"), new Boolean(false)])).toBe(
      '[NaN,"s",false]',
    );
  });

  it("refuses a record with no JSON text", () => {
    expect(() => stringifyRecord(undefined)).toThrow(NotJsonError);
    expect(() => stringifyRecord(() => 1)).toThrow("a function has no JSON text");
    expect(() => stringifyRecord(Symbol("s"))).toThrow("a symbol has no JSON text");
  });

  it("refuses a record that contains itself, also on the exact path", () => {
    const cyclic: Record<string, unknown> = { n: 1 };
    cyclic.self = cyclic;
    expect(() => stringifyRecord(cyclic)).toThrow("an object contains itself");
    const withNaN: unknown[] = [Number.NaN];
    withNaN.push({ back: withNaN });
    expect(() => stringifyRecord(withNaN)).toThrow("an array contains itself");
  });

  it("writes a repeated (not cyclic) reference twice", () => {
    const shared = { v: Number.NaN };
    expect(stringifyRecord([shared, shared])).toBe('[{"v":NaN},{"v":NaN}]');
  });

  it("round-trips through the reader (property, seed 11)", () => {
    const number = fc.oneof(
      fc.double(),
      fc.constantFrom(Number.NaN, Infinity, -Infinity),
      fc.bigInt({ min: -(2n ** 80n), max: 2n ** 80n }),
    );
    const value = fc.letrec((tie) => ({
      any: fc.oneof({ depthSize: "small" }, tie("leaf"), tie("array"), tie("object")),
      leaf: fc.oneof(number, fc.string(), fc.boolean(), fc.constant(null)),
      array: fc.array(tie("any"), { maxLength: 4 }),
      object: fc.dictionary(fc.string(), tie("any"), { maxKeys: 4 }),
    })).any;
    fc.assert(
      fc.property(value, (record) => {
        expect(parseLine(stringifyRecord(record))).toEqual(asRead(record));
      }),
      { seed: 11, numRuns: 300 },
    );
  });
});

/**
 * What a record reads back as: -0 is written as 0 (as JSON.stringify does),
 * and a bigint in the safe range comes back as a number; everything else,
 * unsafe-integer numbers and big bigints included, keeps its type and value.
 */
function asRead(value: unknown): unknown {
  if (Object.is(value, -0)) return 0;
  if (typeof value === "bigint") {
    return value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER)
      ? Number(value)
      : value;
  }
  if (Array.isArray(value)) return value.map(asRead);
  if (value === null || typeof value !== "object") return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, asRead(v)]));
}
