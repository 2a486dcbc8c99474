import { describe, expect, it } from "vitest";
import { TypeMismatchError } from "../../../src/engine/errors.js";
import { describeNDArray, encodeNpy, NDArray, readNpy } from "../../../src/types/ndarray/index.js";
import { parsePyLiteral } from "../../../src/types/ndarray/python-literal.js";
import { formatStructDescr, parseStructDescr } from "../../../src/types/ndarray/struct-dtype.js";
import { craftNpy } from "./craft.js";

function structHeader(descr: string, shape = "(2,)"): string {
  return `{'descr': ${descr}, 'fortran_order': False, 'shape': ${shape}, }\n`;
}

describe("structured dtypes", () => {
  it("reads records with big-endian, nested, padded and sub-array fields", () => {
    const descr =
      "[('a', '>i2'), ('', '|V2'), ('b', [('c', '<u1'), ('d', '>f4', (2,))]), (('T', 't'), '|S2')]";
    const record = [0x01, 0x02, 0xee, 0xee, 7, 0x3f, 0x80, 0, 0, 0x40, 0, 0, 0, 0x61, 0];
    const file = craftNpy(structHeader(descr, "(1,)"), Uint8Array.from(record));
    const array = readNpy(file);
    expect(array.dtype).toBe("struct");
    expect(array.fields?.itemSize).toBe(15);
    expect(array.fields?.fields.map((f) => [f.name, f.offset])).toEqual([
      ["a", 0],
      ["b", 4],
      ["t", 13],
    ]);
    const item = array.get(0) as { a: number; b: { c: number; d: NDArray }; t: string };
    expect(item.a).toBe(0x0102);
    expect(item.b.c).toBe(7);
    expect(item.b.d.toNested()).toEqual([1, 2]);
    expect(item.t).toBe("a");
  });

  it("keeps records little-endian in memory and never swaps the caller's bytes", () => {
    const file = craftNpy(structHeader("[('a', '>u2')]"), Uint8Array.of(0, 1, 0, 2));
    const before = new Uint8Array(file);
    const array = readNpy(file);
    expect([...(array.data as Uint8Array)]).toEqual([1, 0, 2, 0]);
    expect(file).toEqual(before);
  });

  it("writes the descr as NumPy spells it, little-endian, padding kept", () => {
    const parsed = parseStructDescr(
      parsePyLiteral("[('a', '|u1'), ('', '|V7'), ('b', '>i8'), ('c', [('d', '<f4')], (2, 2))]"),
    );
    if (typeof parsed === "string") throw new Error(parsed);
    expect(formatStructDescr(parsed.layout)).toBe(
      "[('a', '|u1'), ('', '|V7'), ('b', '<i8'), ('c', [('d', '<f4')], (2, 2))]",
    );
    const array = NDArray.zeros("struct", [2], "C", parsed.layout);
    const back = readNpy(encodeNpy(array));
    expect(back.fields).toEqual(parsed.layout);
    expect(describeNDArray(back)).toContain("dtype: struct [('a', '|u1')");
  });

  it.each([
    ["[('a', '<i4'), ('a', '<f8')]", "repeated"],
    ["[('a', '<f16')]", "'<f16' is not supported"],
    ["[('a', '|O')]", "'|O' is not supported"],
    ["[('a',)]", "2 or 3 items"],
    ["[(1, '<i4')]", "neither a string nor"],
    ["[('a', '<i4', (-1,))]", "bad sub-array"],
    ["[('a', '<i4', 'x')]", "bad sub-array"],
    ["[]", "at least one byte"],
    [`${"[('a', ".repeat(20)}'<i4'${")]".repeat(20)}`, "nested deeper"],
  ])("refuses %s", (descr, reason) => {
    const file = craftNpy(structHeader(descr), new Uint8Array(64));
    expect(() => readNpy(file)).toThrow(expect.objectContaining({ code: "unsupported_dtype" }));
    expect(() => readNpy(file)).toThrow(reason);
  });

  it("refuses a record the file cannot hold without expanding it first", () => {
    const huge = craftNpy(
      structHeader("[('a', '>f8', (1000000, 1000000))]", "(1,)"),
      new Uint8Array(64),
    );
    expect(() => readNpy(huge)).toThrow(expect.objectContaining({ code: "truncated_data" }));
    const runs = craftNpy(
      structHeader("[('a', [('b', '>i4'), ('c', '>i2')], (5000,))]"),
      new Uint8Array(64),
    );
    expect(() => readNpy(runs)).toThrow("too many big-endian fields");
  });

  it("swaps big-endian fields inside sub-arrays of nested records", () => {
    const descr = "[('a', [('b', '>u2'), ('c', '|u1')], (2,))]";
    const file = craftNpy(structHeader(descr, "(1,)"), Uint8Array.of(1, 2, 9, 3, 4, 8));
    const record = readNpy(file).get(0) as { a: NDArray };
    expect(record.a.toNested()).toEqual([
      { b: 0x0102, c: 9 },
      { b: 0x0304, c: 8 },
    ]);
  });

  it("needs its fields to be constructed", () => {
    expect(() => NDArray.zeros("struct", [1])).toThrow(TypeMismatchError);
  });
});
