import { describe, expect, it } from "vitest";
import {
  describeNDArray,
  formatDatetime,
  NDArray,
  previewNDArray,
  statsOf,
} from "../../../src/types/ndarray/index.js";

describe("describeNDArray", () => {
  it("summarises dtype, shape, order, statistics and items", () => {
    const a = NDArray.from(new Int32Array([1, 2, 3, 4, 5, 6]), [2, 3]);
    expect(describeNDArray(a)).toBe(
      "dtype: int32\nshape: (2, 3)\norder: C\nmin: 1, max: 6, mean: 3.5\n[[1, 2, 3],\n [4, 5, 6]]",
    );
  });

  it("shortens long axes like NumPy's repr", () => {
    const a = NDArray.from(Float64Array.from({ length: 2000 }, (_, i) => i));
    expect(previewNDArray(a)).toBe("[0, 1, 2, ..., 1997, 1998, 1999]");
  });

  it("prints items of every kind readably", () => {
    expect(previewNDArray(NDArray.from([true, false]))).toBe("[True, False]");
    expect(previewNDArray(new NDArray({ dtype: "S2", shape: [1], data: ["a'"] }))).toBe(
      "[b'a\\'']",
    );
    expect(
      previewNDArray(
        new NDArray({ dtype: "complex128", shape: [1], data: new Float64Array([1, -2]) }),
      ),
    ).toBe("[1-2j]");
    expect(
      previewNDArray(
        new NDArray({ dtype: "float64", shape: [], data: new Float64Array([Number.NaN]) }),
      ),
    ).toBe("nan");
    const dates = new NDArray({
      dtype: "datetime64[D]",
      shape: [2],
      data: new BigInt64Array([19782n, -(2n ** 63n)]),
    });
    expect(previewNDArray(dates)).toBe("['2024-02-29', 'NaT']");
  });

  it("formats datetime64 counts in their unit", () => {
    expect(formatDatetime(946684800000000001n, "ns")).toBe("2000-01-01T00:00:00.000000001");
    expect(formatDatetime(-1n, "D")).toBe("1969-12-31");
    expect(formatDatetime(-1n, "us")).toBe("1969-12-31T23:59:59.999999");
    expect(formatDatetime(54n, "Y")).toBe("2024");
    expect(formatDatetime(-1n, "M")).toBe("1969-12");
  });

  it("gives statistics only for real numbers, propagating NaN", () => {
    expect(statsOf(NDArray.from(new BigInt64Array([1n, 3n])))).toEqual({ min: 1, max: 3, mean: 2 });
    expect(statsOf(NDArray.from([1, Number.NaN]))?.mean).toBeNaN();
    expect(statsOf(NDArray.from(["a"]))).toBeUndefined();
    expect(statsOf(NDArray.zeros("float64", [0]))).toBeUndefined();
  });
});
