/** The fast parser gives exactly what JSON.parse gives, or declines the line. */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { MISS } from "../../../src/types/json-iterator/fast-line-parser.js";
import { difference, expectAgreesWithJsonParse, parseFast } from "./exact-value.js";

/** The values of `lines`, read one after another by one parser (so keys are learnt and reused). */
function values(...lines: string[]) {
  return parseFast(lines.map((line) => `${line}\n`).join("")).map((outcome) => outcome.value);
}

/** Python's `json.dumps` layout: a space after every colon and comma. */
function pythonLayout(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(pythonLayout).join(", ")}]`;
  if (value !== null && typeof value === "object") {
    const members = Object.entries(value).map(
      ([key, inner]) => `${JSON.stringify(key)}: ${pythonLayout(inner)}`,
    );
    return `{${members.join(", ")}}`;
  }
  return JSON.stringify(value) ?? "null";
}

/**
 * Python's default `ensure_ascii`: every character beyond printable ASCII as a \u
 * escape (control characters, already escaped by JSON, never reach here raw).
 */
function asciiOnly(text: string): string {
  return text.replace(/[^ -~]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

describe("FastLineParser", () => {
  it("reads records sharing keys, with optional and reordered keys, to JSON.parse's values", () => {
    const lines = [
      '{"id":1,"name":"a","tags":["x","y"],"ok":true}',
      '{"id":2,"name":"b","tags":[],"ok":false}',
      '{"id":3,"name":"c","tags":["z"],"ok":null,"extra":{"n":-0.5}}',
      '{"name":"d","id":4}',
      '{"id":5,"name":"e","tags":["x","y","z","w","v"],"ok":true}',
      "{}",
      '{"id": 6, "name": "f" , "tags" : [ "x" ] , "ok" : true }',
    ];
    const outcomes = parseFast(lines.map((line) => `${line}\n`).join(""));
    expect(outcomes.map((o) => o.value === MISS)).toEqual(lines.map(() => false));
    for (const outcome of outcomes) expectAgreesWithJsonParse(outcome);
  });

  it("keeps JSON.parse's key order and duplicate-key rule", () => {
    const [withIndexKeys, duplicated] = values('{"b":1,"10":2,"a":3,"2":4}', '{"a":1,"b":2,"a":3}');
    expect(Object.keys(withIndexKeys as object)).toEqual(["2", "10", "b", "a"]);
    expect(duplicated).toEqual({ a: 3, b: 2 });
    expect(Object.keys(duplicated as object)).toEqual(["a", "b"]);
  });

  it("reads numbers exactly, the sign of zero included", () => {
    const line =
      "[0,-0,0.0,-0.0,1.5,-2.25,0.1,0.30000000000000004,123456789012345,-999999999999999," +
      "1e-7,1E+300,2.5e-3,1.7976931348623157e308,5e-324,0.123456789012345678,100,-7]";
    const [value] = values(line);
    expect(difference(value, JSON.parse(line))).toBeUndefined();
    expect(Object.is((value as number[])[1], -0)).toBe(true);
    expect(Object.is((value as number[])[3], -0)).toBe(true);
  });

  it("decodes escapes and non-ASCII text, in values and keys", () => {
    const lines = [
      '{"k\\u00e9y":"caf\\u00e9","q":"say \\"hi\\" \\\\ \\/ \\b\\f\\n\\r\\t","e":"\\ud83d\\ude00"}',
      `{"kéy":"café 世界 😀","q":"${"é".repeat(40)}","e":""}`,
      `{"k\\u00e9y":"${"x".repeat(100)}","q":"\\u2028","e":"\\u0000"}`,
    ];
    const outcomes = parseFast(lines.map((line) => `${line}\n`).join(""));
    for (const outcome of outcomes) {
      expect(outcome.value).not.toBe(MISS);
      expectAgreesWithJsonParse(outcome);
    }
  });

  it.each([
    ["NaN", "[1, NaN]"],
    ["Infinity", '{"a": Infinity}'],
    ["-Infinity", "-Infinity"],
    ["an integer of 16 digits", "[1234567890123456]"],
    ["an integer beyond 2^53", '{"id": 9007199254740993}'],
    ["a __proto__ key", '{"__proto__": {"x": 1}}'],
    ["a tab", '{"a":\t1}'],
    ["a trailing comma", "[1,2,]"],
    ["a leading zero", "[01]"],
    ["a bare minus", "[-]"],
    ["a dot without digits", "[1.]"],
    ["an exponent without digits", "[1e]"],
    ["a raw control character in a string", '["a\u0001b"]'],
    ["an unterminated string", '["abc]'],
    ["a bad escape", '["\\x41"]'],
    ["a missing colon", '{"a" 1}'],
    ["an array closed by a brace", "[1,2}"],
    ["an object closed by a bracket", '{"a":1]'],
    ["a key that is not a string", "{a:1}"],
    ["a misspelt word", "[ture]"],
    ["two values", "1 2"],
    ["nothing", "   "],
    ["nesting deeper than 64", `${"[".repeat(70)}${"]".repeat(70)}`],
  ])("declines a line with %s", (_what, line) => {
    const [outcome] = parseFast(`${line}\n`);
    expect(outcome?.value).toBe(MISS);
  });

  it("accepts a CR before the LF and spaces around the value", () => {
    expect(values('  {"a": [1, 2]}  \r')).toEqual([{ a: [1, 2] }]);
  });

  it("agrees with JSON.parse on any JSON value, in any layout (property, seed 11)", () => {
    const layout = fc.constantFrom(
      (v: unknown) => JSON.stringify(v),
      pythonLayout,
      (v: unknown) => asciiOnly(pythonLayout(v)),
    );
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.jsonValue({ maxDepth: 4 }), layout)), (rows) => {
        const text = rows.map(([value, write]) => `${write(value) ?? "null"}\n`).join("");
        for (const outcome of parseFast(text)) expectAgreesWithJsonParse(outcome);
      }),
      { seed: 11, numRuns: 300 },
    );
  });

  it("agrees with JSON.parse on records of shared, optional keys (property, seed 12)", () => {
    const record = fc.record(
      {
        id: fc.integer(),
        name: fc.string({ unit: "grapheme" }),
        score: fc.double({ noNaN: true, noDefaultInfinity: true }),
        tags: fc.array(fc.string({ maxLength: 30 }), { maxLength: 5 }),
        ok: fc.option(fc.boolean()),
        nested: fc.record({ a: fc.integer(), b: fc.option(fc.string()) }, { requiredKeys: ["a"] }),
      },
      { requiredKeys: ["id", "name"] },
    );
    fc.assert(
      fc.property(fc.array(record, { maxLength: 40 }), fc.boolean(), (records, spaced) => {
        const write = spaced ? pythonLayout : JSON.stringify;
        const outcomes = parseFast(records.map((r) => `${write(r)}\n`).join(""));
        for (const outcome of outcomes) expectAgreesWithJsonParse(outcome);
      }),
      { seed: 12, numRuns: 200 },
    );
  });

  it("never accepts a line JSON.parse refuses: damaged lines (property, seed 13)", () => {
    const damaged = fc
      .tuple(
        fc.jsonValue({ maxDepth: 3 }),
        fc.nat(),
        fc.constantFrom("", ",", "]", "}", "[", "{", ":", '"', "\\", "-", ".", "e", " "),
      )
      .map(([value, at, insert]) => {
        const text = JSON.stringify(value) ?? "null";
        const cut = at % (text.length + 1);
        // Drop one character, or put a troublesome one in its place.
        return text.slice(0, cut) + insert + text.slice(cut + 1);
      });
    fc.assert(
      fc.property(fc.array(damaged, { maxLength: 20 }), (lines) => {
        const text = lines.map((line) => `${line.replace(/[\r\n]/g, "")}\n`).join("");
        for (const outcome of parseFast(text)) expectAgreesWithJsonParse(outcome);
      }),
      { seed: 13, numRuns: 400 },
    );
  });
});
