/**
 * Object arrays written here load in NumPy (`np.load(..., allow_pickle=True)`)
 * to the Python values the mapping promises, compared by NumPy; and NumPy's
 * own object arrays survive a read and write here.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { blobLiteral } from "../../src/model/literals.js";
import {
  NDArray,
  ndarray,
  PythonClass,
  readNpyFile,
  writeNpyFile,
} from "../../src/types/ndarray/index.js";
import { tempDir, testContext } from "../helpers/context.js";
import { hasNumpy, runPython } from "../helpers/python.js";

const COMPARE = readFileSync(
  join(import.meta.dirname, "../types/ndarray/numpy-compare-objects.py"),
  "utf8",
);
const OBJECTS = readFileSync(
  join(import.meta.dirname, "../types/ndarray/numpy-objects.py"),
  "utf8",
);

interface Comparison {
  dtype: string;
  shape: number[];
  fortran: boolean;
  differences: string[];
}

function compare(...args: string[]): Comparison {
  return JSON.parse(runPython(COMPARE, args)) as Comparison;
}

/** The JavaScript side of `expected()` in numpy-compare-objects.py, item for item. */
function items(): unknown[] {
  const cyclic: unknown[] = [1];
  cyclic.push(cyclic);
  return [
    null,
    true,
    3,
    2.5,
    -0,
    Number.NaN,
    2n ** 70n,
    "hé😀",
    Uint8Array.of(1, 2),
    [1, [2]],
    Object.freeze([1, "a"]),
    new Map<unknown, unknown>([
      [1, "x"],
      [Object.freeze([1]), 2],
    ]),
    { a: 1 },
    new Set([1, 2]),
    Object.freeze(new Set(["z"])),
    { re: 1, im: -2 },
    PythonClass.intern("builtins", "range"),
    new NDArray({ dtype: "float32", shape: [2, 2], order: "F", data: Float32Array.of(1, 2, 3, 4) }),
    new NDArray({ dtype: "datetime64[10s]", shape: [1], data: BigInt64Array.of(5n) }),
    NDArray.from(["ab", "c"]),
    new NDArray({ dtype: "S2", shape: [1], data: ["xy"] }),
    new NDArray({ dtype: "object", shape: [2], data: [null, [1]] }),
    cyclic,
    Int16Array.of(7, 8),
    1e20,
    PythonClass.intern("builtins", "NoneType"),
    -(2n ** 63n),
    2 ** 53,
  ];
}

describe.skipIf(!hasNumpy)("object arrays written for NumPy", () => {
  const dir = tempDir("npy-object-write-");
  let wroteObjects = false;

  it("load in NumPy to the promised Python values, types and order included", async () => {
    // Fortran order: memory order is column-major, as NumPy's reshape(order="F") lays it out.
    const array = new NDArray({ dtype: "object", shape: [4, 7], order: "F", data: items() });
    const path = join(dir, "written.npy");
    await writeNpyFile(path, array, { allowPickle: true });
    const result = compare("strict", path);
    expect(result).toEqual({ dtype: "|O", shape: [4, 7], fortran: true, differences: [] });
  });

  it("go through t.ndarray({ allowPickle: true }), and are refused without it", async () => {
    const ctx = testContext();
    const array = new NDArray({ dtype: "object", shape: [4, 7], order: "F", data: items() });
    await expect(ctx.engine.toLiteral(ctx, array, ndarray())).rejects.toThrow(
      /cannot write an array of dtype object: .*t\.ndarray\(\{ allowPickle: true \}\)/,
    );
    const literal = await ctx.engine.toLiteral(ctx, array, ndarray({ allowPickle: true }));
    const path = await ctx.files.localPath(literal.scalar!.blob!.uri!);
    expect(compare("strict", path!).differences).toEqual([]);
    const back = await ctx.engine.toValue<NDArray>(
      ctx,
      blobLiteral(literal.scalar!.blob!.uri!, "NumpyArray"),
      ndarray({ allowPickle: true }),
    );
    expect(back.get(0, 4)).toBe(PythonClass.intern("builtins", "range"));
  });

  it.each(["objects-p2.npy", "objects-p5.npy", "objects-np-save.npy"])(
    "NumPy's %s read here and written back loads equal in NumPy",
    async (name) => {
      if (!wroteObjects) runPython(OBJECTS, [dir]);
      wroteObjects = true;
      const original = join(dir, name);
      const copy = join(dir, `copy-${name}`);
      const array = await readNpyFile(original, { allowPickle: true });
      await writeNpyFile(copy, array, { allowPickle: true });
      const result = compare("loose", copy, original);
      expect(result.differences).toEqual([]);
      expect(result.shape).toEqual([...array.shape]);
    },
  );
});
