/**
 * Object arrays written by NumPy with every pickle protocol from 2 to 5 read
 * here, with allowPickle, to the items Python holds.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  describeNDArray,
  NDArray,
  PythonClass,
  readNpy,
  readNpyFile,
} from "../../src/types/ndarray/index.js";
import { tempDir } from "../helpers/context.js";
import { hasNumpy, runPython } from "../helpers/python.js";

const SCRIPT = readFileSync(join(import.meta.dirname, "../types/ndarray/numpy-objects.py"), "utf8");

type Tagged = { [tag: string]: unknown };

/** Python's tagged items as the JavaScript values the unpickler gives. */
function decode(value: unknown): unknown {
  if (typeof value !== "object" || value === null) return value;
  const tagged = value as Tagged;
  if ("$bigint" in tagged) return BigInt(tagged.$bigint as string);
  if ("$float" in tagged) return Number(String(tagged.$float).replace("inf", "Infinity"));
  if ("$complex" in tagged) {
    const [re, im] = (tagged.$complex as unknown[]).map(decode);
    return { re, im };
  }
  if ("$bytes" in tagged) return new Uint8Array(Buffer.from(tagged.$bytes as string, "hex"));
  if ("$list" in tagged) return (tagged.$list as unknown[]).map(decode);
  if ("$map" in tagged) {
    return new Map((tagged.$map as [unknown, unknown][]).map(([k, v]) => [decode(k), decode(v)]));
  }
  if ("$set" in tagged) return new Set((tagged.$set as unknown[]).map(decode));
  if ("$class" in tagged) {
    const [module, name] = tagged.$class as [string, string];
    return PythonClass.intern(module, name);
  }
  if ("$ndarray" in tagged) {
    const { dtype, shape, values } = tagged.$ndarray as {
      dtype: string;
      shape: number[];
      values: unknown;
    };
    // S items read as latin1 strings, one character per byte.
    const latin1 = (v: unknown): unknown =>
      v instanceof Uint8Array
        ? Buffer.from(v).toString("latin1")
        : Array.isArray(v)
          ? v.map(latin1)
          : v;
    const items = decode(values);
    return { ndarray: { dtype, shape, values: dtype.startsWith("S") ? latin1(items) : items } };
  }
  throw new Error(`unknown tag in ${JSON.stringify(value)}`);
}

/** NDArrays as plain descriptions, so that they compare with the decoded expectation. */
function plain(value: unknown): unknown {
  if (value instanceof NDArray) {
    const values = value.toNested();
    return { ndarray: { dtype: value.dtype, shape: [...value.shape], values: plain(values) } };
  }
  if (Array.isArray(value)) return value.map(plain);
  if (value instanceof Map) return new Map([...value].map(([k, v]) => [plain(k), plain(v)]));
  if (value instanceof Set) return new Set([...value].map(plain));
  return value;
}

describe.skipIf(!hasNumpy)("object arrays pickled by NumPy", () => {
  const dir = tempDir("npy-objects-");
  const expected = JSON.parse(runPython(SCRIPT, [dir])) as { shape: number[]; items: unknown[] };
  const items = expected.items.map(decode);

  it.each([
    "objects-p2.npy",
    "objects-p3.npy",
    "objects-p4.npy",
    "objects-p5.npy",
    "objects-np-save.npy",
  ])("%s reads to the same items", async (name) => {
    const path = join(dir, name);
    for (const array of [
      await readNpyFile(path, { allowPickle: true }),
      readNpy(readFileSync(path), { allowPickle: true }),
    ]) {
      expect(array.dtype).toBe("object");
      expect(array.shape).toEqual(expected.shape);
      const logical = (array.toNested() as unknown[][]).flat();
      expect(plain(logical)).toEqual(items);
    }
    await expect(readNpyFile(path)).rejects.toMatchObject({ code: "pickle_not_allowed" });
  });
});

describe.skipIf(!hasNumpy)("NumPy's own object-array test files", () => {
  const dir = join(import.meta.dirname, "../fixtures/npy/numpy-objarr");
  const names = ["py3-objarr.npy", "py2-objarr.npy", "py2-np0-objarr.npy"];
  // NumPy needs encoding="latin1" for the Python 2 files; it is what this reader always does.
  const reprs = JSON.parse(
    runPython(
      `import json, os, sys
import numpy as np
d = sys.argv[1]
print(json.dumps([repr(np.load(os.path.join(d, n), allow_pickle=True, encoding="latin1").tolist())
                  for n in sys.argv[2:]]))`,
      [dir, ...names],
    ),
  ) as string[];

  it.each(names.map((name, i) => [name, reprs[i]!]))(
    "%s reads to what NumPy loads (compared as Python's repr)",
    async (name, repr) => {
      const array = await readNpyFile(join(dir, name), { allowPickle: true });
      expect(describeNDArray(array).split("\n").at(-1)).toBe(repr);
      expect(array.get(1)).toBe(PythonClass.intern("builtins", "range"));
    },
  );
});
