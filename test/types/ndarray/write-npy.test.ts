import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { TypeMismatchError } from "../../../src/engine/errors.js";
import {
  encodeNpy,
  NDArray,
  npyChunks,
  readNpy,
  readNpyFile,
  writeNpyFile,
} from "../../../src/types/ndarray/index.js";
import { formatHeader } from "../../../src/types/ndarray/npy-header.js";
import { tempDir } from "../../helpers/context.js";

const CASES = join(import.meta.dirname, "../../fixtures/npy/cases");

/** Fixtures NumPy wrote with np.save defaults: little-endian data and a v1 header. */
const NUMPY_DEFAULT_FILES = ["C04", "C06", "C09"].flatMap((id) =>
  readdirSync(join(CASES, id))
    .filter((name) => name.endsWith(".npy") && !name.startsWith("fortran_be"))
    .map((name) => join(id, name)),
);

describe("writing .npy", () => {
  it.each(NUMPY_DEFAULT_FILES)("rewrites %s byte for byte as np.save wrote it", (name) => {
    const original = readFileSync(join(CASES, name));
    expect(Buffer.from(encodeNpy(readNpy(original)))).toEqual(original);
  });

  it("writes big-endian input as little-endian that reads back the same", () => {
    const original = readFileSync(join(CASES, "C04/fortran_be_u2_3x2.npy"));
    const array = readNpy(original);
    const written = encodeNpy(array);
    expect(Buffer.from(written.subarray(0, 128)).toString("latin1")).toContain("'descr': '<u2'");
    expect(readNpy(written).toNested()).toEqual(array.toNested());
  });

  it("writes shape () for 0-d and (n,) for 1-d arrays", () => {
    const header = (a: NDArray) => Buffer.from(encodeNpy(a).subarray(10, 80)).toString("latin1");
    expect(header(NDArray.zeros("float64", []))).toContain("'shape': (), }");
    expect(header(NDArray.zeros("float64", [3]))).toContain("'shape': (3,), }");
    expect(header(NDArray.zeros("float64", [3, 0]))).toContain("'shape': (3, 0), }");
  });

  it("pads the header to a multiple of 64 bytes ending in a newline", () => {
    for (const shape of [[], [1], [12345678901], [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]]) {
      const header = formatHeader("<f8", false, shape);
      expect(header.length % 64).toBe(0);
      expect(header[header.length - 1]).toBe(0x0a);
      expect(new DataView(header.buffer).getUint16(8, true)).toBe(header.length - 10);
    }
  });

  it("uses version 2.0 only for a header beyond 65535 bytes, and 3.0 only for UTF-8", () => {
    const small = formatHeader("<f8", false, [1]);
    expect([small[6], small[7]]).toEqual([1, 0]);
    const latin1 = formatHeader("<é", false, [1]);
    expect(latin1[6]).toBe(1);
    const manyDims = new Array<number>(30000).fill(1);
    const big = formatHeader("<f8", false, manyDims);
    expect(big[6]).toBe(2);
    expect(big.length % 64).toBe(0);
    expect(new DataView(big.buffer).getUint32(8, true)).toBe(big.length - 12);
    expect(readNpy(encodeNpy(NDArray.zeros("int8", manyDims))).shape).toEqual(manyDims);
    const utf8 = formatHeader("<😀", false, [1]);
    expect(utf8[6]).toBe(3);
    expect(Buffer.from(utf8).toString("utf8")).toContain("'<😀'");
  });

  it("marks Fortran order only where it differs from C order, as NumPy does", () => {
    const flag = (shape: number[]) =>
      Buffer.from(encodeNpy(NDArray.zeros("uint8", shape, "F")))
        .toString("latin1")
        .includes("True");
    expect(flag([2, 3])).toBe(true);
    expect(flag([3])).toBe(false);
    expect(flag([1, 3])).toBe(false);
    expect(flag([0, 5])).toBe(false);
  });

  it("round-trips every dtype, in memory and through a file", async () => {
    const arrays: NDArray[] = [
      new NDArray({ dtype: "bool", shape: [3], data: Uint8Array.of(1, 0, 1) }),
      NDArray.from(new Int8Array([-128, 127])),
      NDArray.from(new Int16Array([-32768, 32767]), [2, 1]),
      NDArray.from(new Int32Array([1, 2, 3, 4, 5, 6]), [3, 2]),
      NDArray.from(new BigInt64Array([-(2n ** 63n), 2n ** 63n - 1n])),
      NDArray.from(new Uint8Array([0, 255])),
      NDArray.from(new Uint16Array([65535])),
      NDArray.from(new Uint32Array([2 ** 32 - 1])),
      NDArray.from(new BigUint64Array([2n ** 64n - 1n])),
      new NDArray({ dtype: "float16", shape: [2], data: Uint16Array.of(0x3c00, 0x7e00) }),
      NDArray.from(new Float32Array([Number.NaN, -0, 1e-45])),
      new NDArray({
        dtype: "float64",
        shape: [2, 2],
        order: "F",
        data: new Float64Array([1, 2, 3, 4]),
      }),
      new NDArray({ dtype: "complex64", shape: [1], data: new Float32Array([1, -1]) }),
      new NDArray({ dtype: "complex128", shape: [], data: new Float64Array([0.1, 0.2]) }),
      new NDArray({ dtype: "S3", shape: [3], data: ["ab", "\xff\x00z", ""] }),
      new NDArray({ dtype: "U2", shape: [2], data: ["😀é", ""] }),
      new NDArray({ dtype: "V2", shape: [2], data: Uint8Array.of(0, 1, 2, 3) }),
      new NDArray({ dtype: "datetime64[ns]", shape: [1], data: new BigInt64Array([-(2n ** 63n)]) }),
      new NDArray({ dtype: "timedelta64[10s]", shape: [1], data: new BigInt64Array([-90n]) }),
    ];
    const dir = tempDir();
    for (const [i, array] of arrays.entries()) {
      const back = readNpy(encodeNpy(array));
      const path = join(dir, `${i}.npy`);
      await writeNpyFile(path, array);
      const fromFile = await readNpyFile(path);
      for (const read of [back, fromFile]) {
        expect(read.dtype).toBe(array.dtype);
        expect(read.shape).toEqual(array.shape);
        expect(read.toNested()).toEqual(array.toNested());
      }
      expect(readFileSync(path)).toEqual(Buffer.from(encodeNpy(array)));
    }
  });

  it("streams numeric data as views over the array, without copies", () => {
    const array = NDArray.from(new Float64Array(10));
    const [, data] = [...npyChunks(array)];
    expect(data!.buffer).toBe(array.data.buffer);
  });

  it.each([
    [new NDArray({ dtype: "S2", shape: [1], data: ["abc"] }), "longer than the 2 bytes"],
    [new NDArray({ dtype: "S2", shape: [1], data: ["é€"] }), "U+20AC"],
    [new NDArray({ dtype: "U1", shape: [1], data: ["😀😀"] }), "longer than the 1 characters"],
  ])("refuses strings the dtype cannot hold %#", (array, reason) => {
    expect(() => encodeNpy(array)).toThrow(TypeMismatchError);
    expect(() => encodeNpy(array)).toThrow(reason);
  });
});
