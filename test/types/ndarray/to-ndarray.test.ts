import { describe, expect, it } from "vitest";
import { TypeMismatchError } from "../../../src/engine/errors.js";
import { NDArray, toNDArray } from "../../../src/types/ndarray/index.js";

/** A scijs-style ndarray object: { data, shape, stride, offset }. */
function scijs(data: ArrayLike<unknown>, shape: number[], stride: number[], offset = 0) {
  return { data, shape, stride, offset, dtype: "float64" };
}

describe("toNDArray", () => {
  it("returns NDArrays as they are and wraps typed arrays without copying", () => {
    const a = NDArray.from(new Float32Array(2));
    expect(toNDArray(a)).toBe(a);
    const typed = new Int32Array([1, 2, 3]);
    const wrapped = toNDArray(typed);
    expect(wrapped.data).toBe(typed);
    expect(wrapped.shape).toEqual([3]);
  });

  it("keeps a contiguous scijs array as a view", () => {
    const data = new Float64Array([0, 1, 2, 3, 4, 5]);
    const a = toNDArray(scijs(data, [2, 3], [3, 1]));
    expect(a.data).toBe(data);
    expect(a.order).toBe("C");
    expect(a.get(1, 2)).toBe(5);
  });

  it("keeps a column-major stdlib array as Fortran order", () => {
    const data = new Float64Array([0, 3, 1, 4, 2, 5]);
    const like = {
      data,
      shape: [2, 3],
      strides: [1, 2],
      offset: 0,
      order: "column-major",
      dtype: "float64",
    };
    const a = toNDArray(like);
    expect(a.order).toBe("F");
    expect(a.toNested()).toEqual([
      [0, 1, 2],
      [3, 4, 5],
    ]);
  });

  it("copies out a transposed view in logical order", () => {
    // data as a 2x3 row-major matrix; the view is its 3x2 transpose.
    const data = new Int16Array([0, 1, 2, 3, 4, 5]);
    const a = toNDArray(scijs(data, [3, 2], [1, 3]));
    expect(a.toNested()).toEqual([
      [0, 3],
      [1, 4],
      [2, 5],
    ]);
  });

  it("copies out a sliced view with an offset and negative steps", () => {
    // Row 1 of a 3x4 matrix, reversed: offset 7, stride -1.
    const data = Float64Array.from({ length: 12 }, (_, i) => i);
    const a = toNDArray(scijs(data, [4], [-1], 7));
    expect([...(a.data as Float64Array)]).toEqual([7, 6, 5, 4]);
    expect(a.data).not.toBe(data);
  });

  it("copies a Buffer-backed array into a plain typed array", () => {
    const a = toNDArray(scijs(Buffer.from([1, 2, 3, 4]), [2, 2], [2, 1]));
    expect(a.dtype).toBe("uint8");
    expect(a.data.constructor).toBe(Uint8Array);
    expect(a.get(1, 0)).toBe(3);
  });

  it("reads stdlib generic arrays of numbers and booleans", () => {
    const numbers = toNDArray({ data: [1, 2, 3, 4], shape: [2, 2], strides: [2, 1], offset: 0 });
    expect(numbers.dtype).toBe("float64");
    expect(numbers.get(1, 0)).toBe(3);
    const flags = toNDArray({ data: [true, false], shape: [2], strides: [1], offset: 0 });
    expect(flags.toNested()).toEqual([true, false]);
  });

  it.each([
    [[1, 2], "expected an NDArray"],
    [
      { data: new Float64Array(4), shape: [2, 2], strides: [2, 1], offset: 1 },
      "reach outside its 4 items",
    ],
    [{ data: new Float64Array(4), shape: [2, 2], strides: [-2, 1], offset: 0 }, "reach outside"],
    [
      { data: ["a", "b"], shape: [2], strides: [1], offset: 0 },
      "must be a typed array or an array",
    ],
    [{ data: new Float64Array(4), shape: [-4], strides: [1], offset: 0 }, "bad shape"],
  ])("refuses %j", (value, reason) => {
    expect(() => toNDArray(value)).toThrow(TypeMismatchError);
    expect(() => toNDArray(value)).toThrow(reason);
  });
});
