/**
 * Structured dtypes with real NumPy: big-endian and nested fields, titles,
 * sub-arrays, aligned padding, Fortran order, 0-d and empty arrays. Files
 * NumPy wrote read here to the values Python holds; files written here load
 * in NumPy equal (by NumPy) to the originals.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { NDArray, readNpyFile, writeNpyFile } from "../../src/types/ndarray/index.js";
import { tempDir } from "../helpers/context.js";
import { hasNumpy, runPython } from "../helpers/python.js";

const SCRIPT = readFileSync(join(import.meta.dirname, "../types/ndarray/numpy-structs.py"), "utf8");

interface Expected {
  shape: number[];
  fortran: boolean;
  values: unknown[];
}

/** Records as lists of field values, sub-arrays as nested lists, safe bigints as numbers. */
function plain(value: unknown): unknown {
  if (value instanceof NDArray) return plain(value.toNested());
  if (typeof value === "bigint") return Number.isSafeInteger(Number(value)) ? Number(value) : value;
  if (Array.isArray(value)) return value.map(plain);
  if (typeof value === "object" && value !== null && !("re" in value)) {
    return Object.values(value).map(plain);
  }
  return value;
}

describe.skipIf(!hasNumpy)("structured arrays with NumPy", () => {
  const numpyDir = tempDir("npy-struct-");
  let expected: Record<string, Expected> = {};

  beforeAll(() => {
    expected = JSON.parse(runPython(SCRIPT, ["generate", numpyDir]));
  });

  it("reads every structured file NumPy wrote to the same records", async () => {
    expect(Object.keys(expected)).toHaveLength(5);
    for (const [name, want] of Object.entries(expected)) {
      const array = await readNpyFile(join(numpyDir, name));
      expect(array.dtype, name).toBe("struct");
      expect(array.shape, name).toEqual(want.shape);
      expect(array.order, name).toBe(want.fortran ? "F" : "C");
      const flat: unknown[] = [];
      const walk = (v: unknown, depth: number) => {
        if (depth === array.ndim) flat.push(v);
        else for (const item of v as unknown[]) walk(item, depth + 1);
      };
      walk(array.toNested(), 0);
      expect(plain(flat), name).toEqual(want.values);
    }
  });

  it("writes structured files that NumPy loads equal to the originals", async () => {
    const ourDir = tempDir("npy-struct-ours-");
    for (const name of Object.keys(expected)) {
      await writeNpyFile(join(ourDir, name), await readNpyFile(join(numpyDir, name)));
    }
    const result = JSON.parse(runPython(SCRIPT, ["check", ourDir])) as {
      checked: number;
      failures: unknown[];
    };
    expect(result.failures).toEqual([]);
    expect(result.checked).toBe(5);
  });
});
