import { describe, expect, it } from "vitest";
import { PyLiteralSyntaxError, parsePyLiteral } from "../../../src/types/ndarray/python-literal.js";

function dict(text: string): Map<string, unknown> {
  const value = parsePyLiteral(text);
  if (typeof value !== "object" || value === null || value.kind !== "dict")
    throw new Error("no dict");
  return value.entries as Map<string, unknown>;
}

describe("parsePyLiteral", () => {
  it("reads the header dict NumPy writes, padding included", () => {
    const entries = dict("{'descr': '<f8', 'fortran_order': False, 'shape': (2, 3), }    \n");
    expect(entries.get("descr")).toBe("<f8");
    expect(entries.get("fortran_order")).toBe(false);
    expect(entries.get("shape")).toEqual({ kind: "tuple", items: [2n, 3n] });
  });

  it("reads Python 2 longs, double quotes, other key orders and no trailing comma", () => {
    const text = `{"shape": (2L, 3l), "fortran_order": True, "descr": "|u1"}`;
    expect(() => parsePyLiteral(text)).toThrow(PyLiteralSyntaxError);
    const value = parsePyLiteral(text, { longSuffix: true });
    if (typeof value !== "object" || value === null || value.kind !== "dict") throw new Error();
    const entries = value.entries;
    expect(entries.get("shape")).toEqual({ kind: "tuple", items: [2n, 3n] });
    expect(entries.get("fortran_order")).toBe(true);
    expect(entries.get("descr")).toBe("|u1");
  });

  it("accepts whitespace around the literal where Python does", () => {
    for (const text of ["  {}", "{}\n", "{}  \n", "{}\n \n", "{}\r", "{}\f", "{\n  }"]) {
      expect(parsePyLiteral(text)).toEqual({ kind: "dict", entries: new Map() });
    }
  });

  it("tells a one-item tuple from a parenthesised integer", () => {
    expect(parsePyLiteral("(3,)")).toEqual({ kind: "tuple", items: [3n] });
    expect(parsePyLiteral("(3)")).toBe(3n);
    expect(parsePyLiteral("()")).toEqual({ kind: "tuple", items: [] });
  });

  it("keeps integers beyond 2**53 exact and reads signs, floats, None and lists", () => {
    expect(parsePyLiteral("18446744073709551616")).toBe(2n ** 64n);
    expect(parsePyLiteral("-1")).toBe(-1n);
    expect(parsePyLiteral("1.5e3")).toBe(1500);
    expect(parsePyLiteral("None")).toBeNull();
    expect(parsePyLiteral("[('a', '<i4'), ('b', '<f8', (2,))]")).toEqual({
      kind: "list",
      items: [
        { kind: "tuple", items: ["a", "<i4"] },
        { kind: "tuple", items: ["b", "<f8", { kind: "tuple", items: [2n] }] },
      ],
    });
  });

  it("decodes string escapes", () => {
    expect(parsePyLiteral(String.raw`'a\'b\\c\x41\u00e9\U0001F600'`)).toBe("a'b\\cAé😀");
  });

  it.each([
    ["", "unexpected end"],
    ["{'a': 1", "expected ','"],
    ["{'a' 1}", "expected ':'"],
    ["{1: 2}", "dict keys must be strings"],
    ["'unterminated", "unterminated string"],
    ["{'a': 1} junk", "unexpected text"],
    ["__import__('os')", "unexpected character"],
    ["{'a': 1,, }", "unexpected character"],
    [String.raw`'\q'`, "unsupported escape"],
    ["(02,)", "leading zeros"],
    ["{}\n  ", "indented text"],
    ["\n  {}", "indented text"],
    ["{}\r\n\t", "indented text"],
    [`${"(".repeat(100)}${")".repeat(100)}`, "nesting deeper"],
  ])("refuses %j (%s)", (text, reason) => {
    expect(() => parsePyLiteral(text)).toThrow(PyLiteralSyntaxError);
    expect(() => parsePyLiteral(text)).toThrow(reason);
  });
});
