import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { isBlankLine, parseLine } from "../../../src/types/json-iterator/parse-line.js";
import { JsonSyntaxError, parseTolerant } from "../../../src/types/json-iterator/parse-tolerant.js";

describe("parseTolerant", () => {
  it("reads Python's non-finite tokens as numbers wherever a value may stand", () => {
    expect(parseTolerant('{"x": NaN, "y": [Infinity, -Infinity, {"z": NaN}]}')).toEqual({
      x: Number.NaN,
      y: [Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, { z: Number.NaN }],
    });
    expect(parseTolerant("  -Infinity\r")).toBe(Number.NEGATIVE_INFINITY);
  });

  it("leaves the same words inside strings alone", () => {
    expect(parseTolerant('["NaN", "Infinity", "-Infinity: NaN", "a\\"NaN\\\\", NaN]')).toEqual([
      "NaN",
      "Infinity",
      "-Infinity: NaN",
      'a"NaN\\',
      Number.NaN,
    ]);
  });

  it("reads integers beyond 2^53 exactly as bigint and keeps smaller ones as numbers", () => {
    expect(parseTolerant("[9007199254740991, 9007199254740992, -9223372036854775808]")).toEqual([
      9007199254740991,
      9007199254740992n,
      -9223372036854775808n,
    ]);
    expect(parseTolerant("123456789012345678901234567890")).toBe(123456789012345678901234567890n);
  });

  it("reads fractions and exponents as floats, like Python", () => {
    expect(parseTolerant("[12345678901234567890.5, 1e400, -0.0, 2E-3]")).toEqual([
      12345678901234567000,
      Number.POSITIVE_INFINITY,
      -0,
      0.002,
    ]);
  });

  it("keeps __proto__ as a plain own key, as JSON.parse does", () => {
    const value = parseTolerant('{"__proto__": {"polluted": NaN}}') as Record<string, unknown>;
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
    expect(Object.keys(value)).toEqual(["__proto__"]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it.each([
    ["", "unexpected end of text at column 1"],
    ["nan", 'unexpected "n'],
    ["NaNa", "unexpected data after the value at column 4"],
    ["Infinit", "unexpected"],
    ["[1,]", 'unexpected "]" at column 4'],
    ['{"a" 1}', "expected ':' at column 6"],
    ["{a: 1}", "expected a string key at column 2"],
    ["01", "unexpected data after the value at column 2"],
    ["-", "unexpected"],
    ['"abc', "unterminated string at column 1"],
    ['"tab\there"', "invalid string at column 1"],
    ['"\\x"', "invalid string"],
    ["[NaN", "expected ',' or ']' at column 5"],
    ['{"a": 1} {"b": 2}', "unexpected data after the value at column 10"],
    ["\uFEFF1", 'unexpected "\uFEFF" at column 1'],
  ])("refuses %j (%s)", (text, message) => {
    expect(() => parseTolerant(text)).toThrow(JsonSyntaxError);
    expect(() => parseTolerant(text)).toThrow(message);
  });

  it("throws only JsonSyntaxError on arbitrary text (property, seed 9)", () => {
    const jsonish = fc.constantFrom(...'{}[]",:01.eE+-\\ NaInfity'.split(""));
    const text = fc.oneof(
      fc.string(),
      fc.array(jsonish, { maxLength: 40 }).map((c) => c.join("")),
    );
    fc.assert(
      fc.property(text, (input) => {
        try {
          parseTolerant(input);
        } catch (error) {
          expect(error).toBeInstanceOf(JsonSyntaxError);
        }
      }),
      { seed: 9, numRuns: 1000 },
    );
  });

  it("refuses nesting deeper than Python can write, without overflowing the stack", () => {
    const deep = `${"[".repeat(5000)}NaN${"]".repeat(5000)}`;
    expect(() => parseTolerant(deep)).toThrow("nesting deeper than 2000 levels");
  });

  it("agree with JSON.parse on standard JSON, but for exact big integers (property, seed 7)", () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const text = JSON.stringify(value);
        const expected = exactIntegers(JSON.parse(text));
        expect(parseTolerant(text)).toEqual(expected);
        expect(parseLine(text)).toEqual(expected);
      }),
      { seed: 7, numRuns: 300 },
    );
  });
});

/** JSON.parse's value with every unsafe integer written without exponent as the bigint of its text. */
function exactIntegers(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(exactIntegers);
  if (typeof value === "number") {
    const text = String(value);
    return Number.isSafeInteger(value) || /[.e]/.test(text) ? value : BigInt(text);
  }
  if (value === null || typeof value !== "object") return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, exactIntegers(v)]));
}

describe("parseLine", () => {
  it("takes big integers exactly even though JSON.parse accepts the line", () => {
    expect(parseLine('{"id": 12345678901234567890, "n": -98765432109876543210}')).toEqual({
      id: 12345678901234567890n,
      n: -98765432109876543210n,
    });
  });

  it("reads 17-digit floats (as Python's repr writes them) to the same double", () => {
    expect(parseLine("[0.30000000000000004, 1.2345678901234567e+300]")).toEqual([
      0.30000000000000004, 1.2345678901234567e300,
    ]);
  });

  it("leaves long digit runs inside strings as text", () => {
    expect(parseLine('{"s": "12345678901234567890", "t": "x-12345678901234567890"}')).toEqual({
      s: "12345678901234567890",
      t: "x-12345678901234567890",
    });
  });

  it("reads exponents with 16 or more digits as floats", () => {
    expect(parseLine("[1e-1234567890123456789, 1E+1234567890123456789]")).toEqual([
      0,
      Number.POSITIVE_INFINITY,
    ]);
  });

  it("falls back to the tolerant parser for NaN and keeps -0.0", () => {
    expect(parseLine('{"v": [1.5, NaN, -0.0]}')).toEqual({ v: [1.5, Number.NaN, -0] });
  });

  it("tells blank lines from others", () => {
    expect(isBlankLine("")).toBe(true);
    expect(isBlankLine(" \t\r")).toBe(true);
    expect(isBlankLine(" 0 ")).toBe(false);
    expect(isBlankLine("\u00a0")).toBe(false);
  });
});
