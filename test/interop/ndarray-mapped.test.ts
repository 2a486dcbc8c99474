/**
 * Mapped arrays against NumPy: items read lazily from files NumPy wrote
 * equal NumPy's; `r+` changes are what NumPy then loads, `c` changes are
 * not; a file made with `createNpy` ("w+") loads in NumPy.
 */
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { createNpy, type NDArray, openNpy } from "../../src/types/ndarray/index.js";
import { tempDir } from "../helpers/context.js";
import { hasNumpy, pythonJson } from "../helpers/python.js";

const WRITE = `
import json, os, sys
import numpy as np
d = sys.argv[1]
arrays = {
    "f8_c.npy": np.arange(24, dtype="<f8").reshape(2, 3, 4) * 0.5,
    "i2_be_f.npy": np.asfortranarray(np.arange(-6, 6, dtype=">i2").reshape(3, 4)),
    "u5.npy": np.array([["ab", "ü😀"], ["", "xyzzy"]], dtype="<U5"),
    "c8_be.npy": np.array([1 + 2j, -0.5j], dtype=">c8"),
    "b1.npy": np.array([True, False, True]),
}
for name, a in arrays.items():
    np.save(os.path.join(d, name), a)
def enc(v):
    if isinstance(v, complex): return {"re": v.real, "im": v.imag}
    if isinstance(v, list): return [enc(x) for x in v]
    return v
print(json.dumps({name: enc(a.tolist()) for name, a in arrays.items()}))
`;

const LOAD = `
import json, sys
import numpy as np
a = np.load(sys.argv[1])
print(json.dumps({"dtype": a.dtype.str, "fortran": bool(np.isfortran(a)), "values": a.tolist()}))
`;

/** Every item through get(), nested in logical order like NumPy's tolist(). */
async function nestedByGet(a: Awaited<ReturnType<typeof openNpy>>): Promise<unknown> {
  const walk = async (prefix: number[]): Promise<unknown> => {
    if (prefix.length === a.ndim) return a.get(...prefix);
    const out: unknown[] = [];
    for (let i = 0; i < a.shape[prefix.length]!; i++) out.push(await walk([...prefix, i]));
    return out;
  };
  return walk([]);
}

describe.skipIf(!hasNumpy)("mapped arrays and NumPy", () => {
  const dir = tempDir("npy-mapped-interop-");
  const expected = hasNumpy ? pythonJson<Record<string, unknown>>(WRITE, [dir]) : {};

  it.each(Object.keys(expected))(
    "%s: items, slices and the whole array equal NumPy's",
    async (name) => {
      const a = await openNpy(join(dir, name));
      expect(await nestedByGet(a)).toEqual(expected[name]);
      const whole: NDArray = await a.toNDArray();
      expect(whole.toNested()).toEqual(expected[name]);
      await a.close();
    },
  );

  it('"r+" changes are what NumPy loads afterwards; "c" changes are not', async () => {
    const path = join(dir, "i2_be_f.npy");
    const c = await openNpy(path, { mmapMode: "c" });
    await c.set([0, 0], 999);
    await c.close();
    const untouched = pythonJson<{ values: number[][] }>(LOAD, [path]);
    expect(untouched.values[0]![0]).toBe(-6);

    const r = await openNpy(path, { mmapMode: "r+" });
    await r.set([2, 3], -300);
    await r.write(0, Int16Array.of(10, 11)); // memory order: column 0, rows 0 and 1
    await r.close();
    const changed = pythonJson<{ dtype: string; fortran: boolean; values: number[][] }>(LOAD, [
      path,
    ]);
    expect(changed.dtype).toBe(">i2");
    expect(changed.fortran).toBe(true);
    expect(changed.values).toEqual([
      [10, -5, -4, -3],
      [11, -1, 0, 1],
      [2, 3, 4, -300],
    ]);
  });

  it('a file created with "w+" loads in NumPy, zeros where nothing was written', async () => {
    const path = join(dir, "created.npy");
    const a = await createNpy(path, { dtype: "complex128", shape: [2, 2], order: "F" });
    await a.set([1, 0], { re: 1.5, im: -2 });
    await a.close();
    const script = LOAD.replace(
      '"values": a.tolist()',
      '"values": np.ascontiguousarray(a).view("<f8").tolist()',
    );
    const loaded = pythonJson<{ dtype: string; fortran: boolean; values: unknown }>(script, [path]);
    expect(loaded).toEqual({
      dtype: "<c16",
      fortran: true,
      // Each complex as its (re, im) pair of float64, rows in logical order.
      values: [
        [0, 0, 0, 0],
        [1.5, -2, 0, 0],
      ],
    });
  });
});
