/**
 * The restricted unpickler: NumPy's own object-array files, and hand-made
 * pickles that try to call something, lie about sizes or break the stack.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { FormatError } from "../../../src/engine/errors.js";
import { blobLiteral } from "../../../src/model/literals.js";
import {
  describeNDArray,
  encodeNpy,
  NDArray,
  ndarray,
  PythonClass,
  readNpy,
} from "../../../src/types/ndarray/index.js";
import { testContext } from "../../helpers/context.js";
import { craftNpy, headerText, objectArray, pickle } from "./craft.js";

const NUMPY_FILES = join(import.meta.dirname, "../../fixtures/npy/numpy-objarr");

function npyWith(pickleBytes: Uint8Array, shape = "(1,)"): Uint8Array {
  return craftNpy(headerText("|O", shape), pickleBytes);
}

function failure(bytes: Uint8Array): FormatError {
  try {
    readNpy(bytes, { source: "obj.npy", allowPickle: true });
  } catch (error) {
    expect(error).toBeInstanceOf(FormatError);
    expect((error as Error).message).toMatch(/^cannot read obj\.npy: /);
    return error as FormatError;
  }
  throw new Error("expected a failure");
}

describe("object arrays with allowPickle", () => {
  // NumPy's own test files: [None, <class 'range'>, '優良', b'不良'] (Python 2 wrote the last
  // as a str, which NumPy's encoding="latin1" reads one character per byte).
  const pythonRepr = (last: string) => `[None, <class 'range'>, '優良', ${last}]`;
  it.each([
    ["py3-objarr.npy", pythonRepr("b'\\xe4\\xb8\\x8d\\xe8\\x89\\xaf'")],
    ["py2-objarr.npy", pythonRepr("'ä¸\\x8dè\\x89¯'")],
    ["py2-np0-objarr.npy", pythonRepr("'ä¸\\x8dè\\x89¯'")],
  ])("reads NumPy's %s only with allowPickle, the class as an inert value", (name, repr) => {
    const bytes = readFileSync(join(NUMPY_FILES, name));
    expect(() => readNpy(bytes)).toThrow(expect.objectContaining({ code: "pickle_not_allowed" }));
    const array = readNpy(bytes, { allowPickle: true }) as NDArray<"object">;
    expect(array.shape).toEqual([4]);
    const [none, cls, text, last] = array.data;
    expect(none).toBeNull();
    expect(cls).toBe(PythonClass.intern("builtins", "range"));
    expect(cls).toMatchObject({ module: "builtins", name: "range" });
    expect(Object.isFrozen(cls)).toBe(true);
    expect(text).toBe("優良");
    const badBytes = [0xe4, 0xb8, 0x8d, 0xe8, 0x89, 0xaf];
    if (name.startsWith("py3")) expect(last).toEqual(Uint8Array.from(badBytes));
    else expect(last).toBe(String.fromCharCode(...badBytes));
    expect(describeNDArray(array).split("\n").at(-1)).toBe(repr);
  });

  it("rebuilds plain data items", () => {
    const bytes = npyWith(
      objectArray(4, [
        "N",
        [0x4a, 0xfe, 0xff, 0xff, 0xff], // BININT -2
        [0x8a, 9, 0, 0, 0, 0, 0, 0, 0, 0, 1], // LONG1 2**64
        [0x58, 2, 0, 0, 0, 0xc3, 0xa9], // BINUNICODE "é"
      ]),
      "(4,)",
    );
    const array = readNpy(bytes, { allowPickle: true });
    expect(array.dtype).toBe("object");
    expect(array.data).toEqual([null, -2, 2n ** 64n, "é"]);
  });

  it("keeps a list that contains itself without looping", () => {
    // EMPTY_LIST BINPUT 9 BINGET 9 APPEND: l = []; l.append(l)
    const array = readNpy(npyWith(objectArray(1, [[0x5d, 0x71, 9, 0x68, 9, 0x61]])), {
      allowPickle: true,
    });
    const list = (array as NDArray<"object">).data[0] as unknown[];
    expect(list[0]).toBe(list);
  });

  it.each([
    [
      "a call to os.system",
      pickle([0x80, 2], "cos\nsystem\n", "(", [0x55, 2], "ls", "tR."),
      "os.system",
    ],
    [
      "a call to posix.system",
      pickle([0x80, 4], [0x8c, 5], "posix", [0x8c, 6], "system", [0x93], "."),
      "posix.system",
    ],
    ["builtins.eval", pickle("cbuiltins\neval\n."), "builtins.eval"],
    ["copyreg._reconstructor", pickle("ccopyreg\n_reconstructor\n."), "copyreg._reconstructor"],
  ])("refuses %s, naming the global", (_what, bytes, name) => {
    const error = failure(npyWith(bytes));
    expect(error.code).toBe("unsupported_pickle");
    expect(error.message).toContain(name);
  });

  it.each([
    ["INST", pickle("(ios\nsystem\n.")],
    ["OBJ", pickle("(o.")],
    ["NEWOBJ", pickle([0x81], ".")],
    ["PERSID", pickle("P1\n.")],
    ["NEXT_BUFFER", pickle([0x97], ".")],
  ])("refuses the %s opcode", (_name, bytes) => {
    expect(failure(npyWith(bytes)).code).toBe("unsupported_pickle");
  });

  it.each([
    ["an empty pickle", pickle()],
    ["STOP on an empty stack", pickle(".")],
    ["a pickle without STOP", pickle("N")],
    ["a string longer than the pickle", pickle([0x58, 0xff, 0xff, 0xff, 0x7f], "abc")],
    ["BINBYTES8 claiming 2**60 bytes", pickle([0x8e, 0, 0, 0, 0, 0, 0, 0, 0x10], ".")],
    ["a memo key never stored", pickle([0x68, 7], ".")],
    ["APPENDS without a mark", pickle("]e.")],
    ["appending to a tuple", pickle(")Na.")],
    ["REDUCE of a string", pickle([0x55, 1], "x)R.")],
    ["BUILD on a list", pickle("]Nb.")],
    ["invalid UTF-8", pickle([0x8c, 1, 0xff], ".")],
    ["a plain list instead of an array", pickle("].")],
    [
      "an array whose state never came",
      pickle(
        "cnumpy.core.multiarray\n_reconstruct\ncnumpy\nndarray\n",
        [0x4b, 0, 0x85, 0x55, 1],
        "b",
        [0x87, 0x52],
        ".",
      ),
    ],
    ["a list of the wrong length", objectArray(3, ["N"])],
    ["too many nested marks", pickle("(".repeat(5000), ".")],
    ["a negative BINSTRING length", pickle("T", [0xfb, 0xff, 0xff, 0xff], ".")],
  ])("fails cleanly on %s", (_what, bytes) => {
    expect(failure(npyWith(bytes)).code).toBe("invalid_pickle");
  });

  it("stops a pickle that hands one big list to set() over and over", () => {
    const items = 100_000;
    const repeats = 100_000;
    const bytes = pickle(
      [0x80, 2, 0x5d, 0x71, 1, 0x28], // PROTO 2, EMPTY_LIST, BINPUT 1, MARK
      new Array(items).fill([0x4b, 0]).flat(), // BININT1 0, many times
      "e0", // APPENDS, POP (the memo keeps the list)
      "cbuiltins\nset\n",
      [0x71, 2, 0x30], // BINPUT 2, POP
      new Array(repeats).fill([0x68, 2, 0x68, 1, 0x85, 0x52, 0x30]).flat(), // set(list), POP
      "N.",
    );
    // Without a bound this is 1e10 steps: the test would time out instead of failing cleanly.
    const error = failure(npyWith(bytes));
    expect(error.code).toBe("unsupported_pickle");
    expect(error.message).toContain("copies more than");
  });

  it("checks the pickled shape against the header", () => {
    const error = failure(npyWith(objectArray(1, ["N"]), "(2,)"));
    expect(error.code).toBe("invalid_pickle");
    expect(error.message).toContain("header says shape (2,) but the pickle holds (1,)");
  });
});

describe("object arrays elsewhere", () => {
  it("prints items like Python's repr, cycles included", async () => {
    const cyclic: unknown[] = [1];
    cyclic.push(cyclic);
    const items = [
      null,
      true,
      2n ** 70n,
      "a'b",
      Uint8Array.of(0x41, 0),
      Object.freeze([1]),
      new Map([[1, "x"]]),
      new Set(),
      { re: 1, im: -1 },
      cyclic,
    ];
    const array = new NDArray({ dtype: "object", shape: [items.length], data: items });
    expect(describeNDArray(array).split("\n").at(-1)).toBe(
      "[None, True, 1180591620717411303424, 'a\\'b', b'A\\x00', (1,), {1: 'x'}, set(), (1-1j), [1, [...]]]",
    );
  });

  it("shortens long containers and strings in previews", () => {
    const long = Array.from({ length: 50 }, (_, i) => i);
    const array = new NDArray({ dtype: "object", shape: [2], data: [long, "x".repeat(500)] });
    const preview = describeNDArray(array).split("\n").at(-1)!;
    expect(preview).toBe(`[[0, 1, 2, 3, 4, 5, 6, 7, 8, 9, ...], '${"x".repeat(200)}'...]`);
  });

  it("refuses to write an object array without allowPickle, saying how to allow it", async () => {
    const array = new NDArray({ dtype: "object", shape: [1], data: [null] });
    expect(() => encodeNpy(array)).toThrow(
      /^cannot write an array of dtype object: .*t\.ndarray\(\{ allowPickle: true \}\)/,
    );
  });

  it("reads through t.ndarray({ allowPickle: true })", async () => {
    const ctx = testContext();
    const uri = ctx.files.newBlobUri("array.npy");
    await ctx.files.writeBytes(uri, npyWith(objectArray(1, [[0x55, 2], "hi"]), "(1,)"));
    const literal = blobLiteral(uri, "NumpyArray");
    await expect(ctx.engine.toValue(ctx, literal, ndarray())).rejects.toMatchObject({
      code: "pickle_not_allowed",
    });
    const array = await ctx.engine.toValue<NDArray>(ctx, literal, ndarray({ allowPickle: true }));
    expect(array.toNested()).toEqual(["hi"]);
  });
});
