/**
 * .npy interop with real NumPy, both directions, over every supported dtype,
 * both byte orders, C and Fortran order, and 0-d, empty, 1-d and 3-d shapes.
 * NumPy writes all the files in one Python call and checks all of ours in
 * another, so the whole matrix stays fast. Seeded: set NPY_INTEROP_SEED to
 * replay another draw.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import {
  encodeNpy,
  NDArray,
  readNpy,
  readNpyFile,
  writeNpyFile,
} from "../../src/types/ndarray/index.js";
import { tempDir } from "../helpers/context.js";
import { hasNumpy, runPython } from "../helpers/python.js";
import { cOrderLittleEndianSha256 } from "../types/ndarray/expected-values.js";

const SEED = Number(process.env.NPY_INTEROP_SEED ?? 20261204);
const SCRIPT = readFileSync(join(import.meta.dirname, "../types/ndarray/numpy-interop.py"), "utf8");

interface ManifestEntry {
  name: string;
  shape: number[];
  fortran: boolean;
  sha256: string;
}

interface CheckResult {
  checked: number;
  failures: unknown[];
}

describe.skipIf(!hasNumpy)(`.npy interop with NumPy (seed ${SEED})`, () => {
  const numpyDir = tempDir("npy-numpy-");
  let manifest: ManifestEntry[] = [];

  beforeAll(() => {
    manifest = JSON.parse(runPython(SCRIPT, ["generate", numpyDir, String(SEED)]));
  });

  it("covers 20 dtypes, both byte orders, both memory orders and five shapes", () => {
    expect(manifest).toHaveLength(350);
  });

  it("reads every file NumPy wrote to the same shape, order and values", async () => {
    for (const entry of manifest) {
      const path = join(numpyDir, entry.name);
      const fromFile = await readNpyFile(path);
      const fromBytes = readNpy(readFileSync(path), { source: entry.name });
      for (const array of [fromFile, fromBytes]) {
        expect(array.shape, entry.name).toEqual(entry.shape);
        expect(array.order, entry.name).toBe(entry.fortran ? "F" : "C");
        expect(cOrderLittleEndianSha256(array), entry.name).toBe(entry.sha256);
      }
    }
  });

  it("writes files NumPy loads to the same arrays, byte for byte as np.save", async () => {
    const ourDir = tempDir("npy-ours-");
    for (const entry of manifest) {
      const array = await readNpyFile(join(numpyDir, entry.name));
      await writeNpyFile(join(ourDir, entry.name), array);
    }
    const result: CheckResult = JSON.parse(runPython(SCRIPT, ["check", ourDir, String(SEED)]));
    expect(result.failures).toEqual([]);
    expect(result.checked).toBe(manifest.length);
  });

  it("writes arrays built from JavaScript values that NumPy reads as intended", async () => {
    const dir = tempDir("npy-literal-");
    const arrays: Record<string, NDArray> = {
      "f8.npy": NDArray.from([0.1, Number.NaN, -0, Number.POSITIVE_INFINITY, 5e-324]),
      "f4_2x2_F.npy": new NDArray({
        dtype: "float32",
        shape: [2, 2],
        order: "F",
        data: new Float32Array([1.5, 3.5, 2.5, 4.5]),
      }),
      "i8.npy": NDArray.from(new BigInt64Array([-(2n ** 63n), 2n ** 63n - 1n, 9007199254740993n])),
      "u8.npy": NDArray.from(new BigUint64Array([2n ** 64n - 1n])),
      "b1_scalar.npy": new NDArray({ dtype: "bool", shape: [], data: Uint8Array.of(1) }),
      "U.npy": NDArray.from(["héllo", "😀x", ""]),
      "S.npy": new NDArray({ dtype: "S3", shape: [2], data: ["\xff\x00z", "ab"] }),
      "c16.npy": new NDArray({
        dtype: "complex128",
        shape: [2],
        data: new Float64Array([1, -2, Number.NaN, 0]),
      }),
      "f2.npy": new NDArray({
        dtype: "float16",
        shape: [4],
        data: Uint16Array.of(0x3c00, 0x2e66, 0x7bff, 0xfc00),
      }),
      "M8.npy": new NDArray({
        dtype: "datetime64[ns]",
        shape: [2],
        data: new BigInt64Array([1709208000000000001n, -(2n ** 63n)]),
      }),
      "empty_3x0.npy": NDArray.zeros("int16", [3, 0]),
    };
    for (const [name, array] of Object.entries(arrays)) {
      // Half through the file writer, half through the in-memory encoder.
      if (name.startsWith("f") || name.startsWith("i")) await writeNpyFile(join(dir, name), array);
      else writeFileSync(join(dir, name), encodeNpy(array));
    }
    const result: CheckResult = JSON.parse(runPython(SCRIPT, ["literal", dir]));
    expect(result.failures).toEqual([]);
    expect(result.checked).toBe(Object.keys(arrays).length);
  });
});
