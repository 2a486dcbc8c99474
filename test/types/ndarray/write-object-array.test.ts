/**
 * Writing object arrays: the pickle's shape and opcodes, values read back
 * by the restricted reader with identity and cycles kept, and refusals that
 * name the item. (NumPy loading them is test/interop/ndarray-object-write.)
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { TypeMismatchError } from "../../../src/engine/errors.js";
import {
  encodeNpy,
  NDArray,
  PythonClass,
  readNpy,
  writeNpyFile,
} from "../../../src/types/ndarray/index.js";
import { tempDir } from "../../helpers/context.js";
import { craftNpy } from "./craft.js";

const objects = (data: unknown[], shape = [data.length]) =>
  new NDArray({ dtype: "object", shape, data });

function roundTrip(data: unknown[]): unknown[] {
  const bytes = encodeNpy(objects(data), { allowPickle: true });
  return readNpy(bytes, { allowPickle: true }).data as unknown[];
}

describe("writing object arrays", () => {
  it("writes the header np.save writes and a protocol 3 pickle", () => {
    const bytes = encodeNpy(objects([null, 1], [1, 2]), { allowPickle: true });
    const headerEnd = bytes.indexOf(0x0a) + 1;
    expect(Buffer.from(bytes.subarray(10, headerEnd)).toString("latin1").trimEnd()).toBe(
      "{'descr': '|O', 'fortran_order': False, 'shape': (1, 2), }",
    );
    expect(headerEnd % 64).toBe(0);
    expect([...bytes.subarray(headerEnd, headerEnd + 2)]).toEqual([0x80, 3]);
    expect(bytes.at(-1)).toBe(0x2e); // STOP
  });

  it("maps numbers: safe integers to int, others to float; bigint to int", () => {
    // These exact bytes are what Python's pickle.dumps(x, protocol=3) writes for each int.
    const python: [unknown, number[]][] = [
      [255, [0x4b, 0xff]],
      [256, [0x4d, 0x00, 0x01]],
      [-1, [0x4a, 0xff, 0xff, 0xff, 0xff]],
      [2n ** 31n, [0x8a, 5, 0, 0, 0, 0x80, 0]],
      [-(2n ** 31n) - 1n, [0x8a, 5, 0xff, 0xff, 0xff, 0x7f, 0xff]],
      [2 ** 40, [0x8a, 6, 0, 0, 0, 0, 0, 1]],
      [-0, [0x47, 0x80, 0, 0, 0, 0, 0, 0, 0]],
      [2 ** 53, [0x47, 0x43, 0x40, 0, 0, 0, 0, 0, 0]],
    ];
    for (const [value, expected] of python) {
      const bytes = encodeNpy(objects([value]), { allowPickle: true });
      // The item follows the list's MARK: check the opcode bytes right after it.
      const list = Buffer.from(bytes).lastIndexOf(Buffer.from([0x28]));
      const item = Buffer.from(bytes).subarray(list + 1, list + 1 + expected.length);
      expect([...item], String(value)).toEqual(expected);
    }
    const big = 2n ** 2100n; // 264 bytes: LONG4
    expect(roundTrip([big, -big, 0.5, Number.NaN])).toEqual([big, -big, 0.5, Number.NaN]);
  });

  it("keeps identity, cycles, tuples, sets, classes and nested arrays", () => {
    const shared = [1];
    const cyclic: unknown[] = ["c"];
    cyclic.push(cyclic);
    const nested = new NDArray({
      dtype: "int16",
      shape: [2, 2],
      order: "F",
      data: Int16Array.of(1, 2, 3, 4),
    });
    const [a, b, c, tuple, set, frozen, cls, none, arr, dict, bytes] = roundTrip([
      shared,
      shared,
      cyclic,
      Object.freeze([1, "x"]),
      new Set(["s"]),
      Object.freeze(new Set([Object.freeze([1])])),
      PythonClass.intern("builtins", "bytes"),
      PythonClass.intern("builtins", "NoneType"),
      nested,
      { k: { re: 0, im: 1 } },
      Buffer.from("hi"),
    ]);
    expect(a).toBe(b);
    expect((c as unknown[])[1]).toBe(c);
    expect(tuple).toEqual([1, "x"]);
    expect(Object.isFrozen(tuple)).toBe(true);
    expect(set).toEqual(new Set(["s"]));
    expect(Object.isFrozen(set)).toBe(false);
    expect(Object.isFrozen(frozen)).toBe(true);
    expect(cls).toBe(PythonClass.intern("builtins", "bytes"));
    expect(none).toBe(PythonClass.intern("builtins", "NoneType"));
    expect(arr).toBeInstanceOf(NDArray);
    expect((arr as NDArray).order).toBe("F");
    expect((arr as NDArray).toNested()).toEqual([
      [1, 3],
      [2, 4],
    ]);
    expect(dict).toEqual(new Map([["k", { re: 0, im: 1 }]]));
    expect(bytes).toEqual(Uint8Array.from(Buffer.from("hi")));
  });

  it.each([
    ["a function", [1, () => 1], "items[1]: a function has no Python equivalent"],
    ["a symbol", [Symbol("s")], "items[0]: a symbol has no Python equivalent"],
    ["a Date", [[new Date(0)]], "items[0][0]: an object of class Date has no Python equivalent"],
    ["a list as dict key", [new Map([[[1], 2]])], "items[0][1]: the dict key a list is unhashable"],
    ["a set of lists", [new Set([[1]])], "items[0]: the set item a list is unhashable"],
    ["a lone surrogate", [{ k: "\uD800" }], "items[0]['k']: a string holds a lone surrogate"],
    [
      "a class outside the builtin list",
      [PythonClass.intern("os", "system")],
      "items[0]: the class os.system is not one of the builtin types written",
    ],
    [
      "a structured array",
      [
        readNpy(
          craftNpy(
            "{'descr': [('a', '<i4')], 'fortran_order': False, 'shape': (1,), }\n",
            new Uint8Array(4),
          ),
        ),
      ],
      "items[0]: structured arrays inside an object array are not supported",
    ],
  ])("refuses %s, naming the item", (_, data, message) => {
    const error = (() => {
      try {
        encodeNpy(objects(data), { allowPickle: true });
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(TypeMismatchError);
    expect((error as Error).message).toMatch(/^cannot write an array of dtype object: /);
    expect((error as Error).message).toContain(message);
  });

  it("refuses values nested deeper than Python's pickler goes, without a stack overflow", () => {
    let deep: unknown = null;
    for (let i = 0; i < 5000; i++) deep = [deep];
    expect(() => encodeNpy(objects([deep]), { allowPickle: true })).toThrow(
      /nest deeper than 1000 levels/,
    );
  });

  it("refuses a tuple that contains itself", () => {
    const list: unknown[] = [];
    const tuple = Object.freeze([list]);
    list.push(tuple);
    expect(() => encodeNpy(objects([tuple]), { allowPickle: true })).toThrow(/contains itself/);
  });

  it("creates no file when refusing", async () => {
    const path = join(tempDir(), "refused.npy");
    await expect(writeNpyFile(path, objects([null]))).rejects.toThrow(/allowPickle/);
    await expect(writeNpyFile(path, objects([() => 0]), { allowPickle: true })).rejects.toThrow(
      /items\[0\]/,
    );
    expect(existsSync(path)).toBe(false);
  });
});
