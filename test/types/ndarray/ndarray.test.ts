import { describe, expect, expectTypeOf, it } from "vitest";
import { TypeMismatchError } from "../../../src/engine/errors.js";
import { float16ToNumber, NDArray, numberToFloat16 } from "../../../src/types/ndarray/index.js";

describe("NDArray", () => {
  it("indexes C-ordered data row-major", () => {
    const a = NDArray.from(new Int32Array([0, 1, 2, 3, 4, 5]), [2, 3]);
    expect(a.dtype).toBe("int32");
    expect(a.size).toBe(6);
    expect(a.ndim).toBe(2);
    expect(a.get(0, 2)).toBe(2);
    expect(a.get(1, 0)).toBe(3);
    expect(a.toNested()).toEqual([
      [0, 1, 2],
      [3, 4, 5],
    ]);
  });

  it("indexes Fortran-ordered data column-major", () => {
    // Memory holds a[0,0], a[1,0], a[0,1], a[1,1], a[0,2], a[1,2].
    const a = new NDArray({
      dtype: "float64",
      shape: [2, 3],
      order: "F",
      data: new Float64Array([0, 3, 1, 4, 2, 5]),
    });
    expect(a.get(0, 1)).toBe(1);
    expect(a.get(1, 2)).toBe(5);
    expect(a.toNested()).toEqual([
      [0, 1, 2],
      [3, 4, 5],
    ]);
  });

  it("has one item when 0-d and none when a dimension is 0", () => {
    const scalar = new NDArray({ dtype: "int16", shape: [], data: new Int16Array([-7]) });
    expect(scalar.size).toBe(1);
    expect(scalar.get()).toBe(-7);
    expect(scalar.toNested()).toBe(-7);
    const empty = NDArray.zeros("float32", [3, 0]);
    expect(empty.size).toBe(0);
    expect(empty.toNested()).toEqual([[], [], []]);
  });

  it("gives items in the dtype's JavaScript type", () => {
    expect(
      new NDArray({ dtype: "bool", shape: [2], data: Uint8Array.of(1, 0) }).toNested(),
    ).toEqual([true, false]);
    expect(NDArray.from(new BigInt64Array([-(2n ** 63n)])).get(0)).toBe(-(2n ** 63n));
    const complex = new NDArray({
      dtype: "complex64",
      shape: [1],
      data: new Float32Array([1.5, -2]),
    });
    expect(complex.get(0)).toEqual({ re: 1.5, im: -2 });
    const half = new NDArray({
      dtype: "float16",
      shape: [2],
      data: Uint16Array.of(0x3c00, 0xc000),
    });
    expect(half.toNested()).toEqual([1, -2]);
    const raw = new NDArray({ dtype: "V2", shape: [2], data: Uint8Array.of(1, 2, 3, 4) });
    expect([...raw.get(1)]).toEqual([3, 4]);
    const when = new NDArray({
      dtype: "datetime64[D]",
      shape: [1],
      data: new BigInt64Array([19782n]),
    });
    expect(when.get(0)).toBe(19782n);
  });

  it("infers dtypes from plain arrays", () => {
    expect(NDArray.from([1, 2.5]).dtype).toBe("float64");
    expect(NDArray.from([true, false]).toNested()).toEqual([true, false]);
    expect(NDArray.from([1n, 2n]).dtype).toBe("int64");
    const text = NDArray.from(["a", "héllo", "😀"]);
    expect(text.dtype).toBe("U5");
    expect(text.get(2)).toBe("😀");
    expect(NDArray.from(new Uint8ClampedArray([255])).dtype).toBe("uint8");
    const fromBuffer = NDArray.from(Buffer.from([1, 2]));
    expect(fromBuffer.dtype).toBe("uint8");
    expect(fromBuffer.data.constructor).toBe(Uint8Array);
  });

  it("types data and items by dtype", () => {
    const a = NDArray.from(new Float64Array(4), [2, 2]);
    expectTypeOf(a.data).toEqualTypeOf<Float64Array>();
    expectTypeOf<NDArray<"int64">["data"]>().toEqualTypeOf<BigInt64Array>();
    expectTypeOf<NDArray<"U3">["data"]>().toEqualTypeOf<string[]>();
    expectTypeOf(a.get(0, 0)).toEqualTypeOf<number>();
    expectTypeOf<ReturnType<NDArray<"bool">["get"]>>().toEqualTypeOf<boolean>();
  });

  it.each([
    [() => NDArray.from(new Float64Array(5), [2, 3]), "has 5 elements, the shape needs 6"],
    [
      () => new NDArray({ dtype: "float32", shape: [2], data: new Float64Array(2) as never }),
      "must be a Float32Array",
    ],
    [() => new NDArray({ dtype: "complex128", shape: [2], data: new Float64Array(2) }), "needs 4"],
    [() => new NDArray({ dtype: "U2", shape: [1], data: [3] as never }), "an array of strings"],
    [() => NDArray.zeros("float64", [-1]), "non-negative integers"],
    [() => NDArray.zeros("float64", [2 ** 30, 2 ** 30, 2 ** 30]), "too large"],
    [() => NDArray.zeros("float128" as never, [1]), 'unsupported dtype "float128"'],
    [() => NDArray.from([1, "a"]), "NDArray.from takes"],
  ])("refuses bad construction %#", (make, reason) => {
    expect(make).toThrow(TypeMismatchError);
    expect(make).toThrow(reason);
  });

  it("refuses out-of-bounds and wrong-arity indices", () => {
    const a = NDArray.zeros("int8", [2, 2]);
    expect(() => a.get(2, 0)).toThrow(RangeError);
    expect(() => a.get(0)).toThrow("expected 2 indices");
    expect(() => a.get(0, 1.5)).toThrow(RangeError);
  });
});

describe("float16", () => {
  it.each([
    [1, 0x3c00],
    [-2, 0xc000],
    [65504, 0x7bff],
    [2 ** -24, 0x0001],
    [2 ** -14, 0x0400],
    [0.1, 0x2e66],
    [1 / 3, 0x3555],
    [-0, 0x8000],
    [Number.POSITIVE_INFINITY, 0x7c00],
    [65520, 0x7c00],
    [65519, 0x7bff],
    [1 + 2 ** -11, 0x3c00], // tie: rounds to even
    [1 + 3 * 2 ** -11, 0x3c02], // tie: rounds to even, upwards
    [3 * 2 ** -25, 0x0002], // subnormal tie to even
    [2 ** -26, 0x0000],
  ])("%d ↔ 0x%s", (value, bits) => {
    expect(numberToFloat16(value)).toBe(bits);
  });

  it("converts every finite bit pattern back to itself", () => {
    for (let bits = 0; bits < 0x10000; bits++) {
      const exponent = (bits >> 10) & 0x1f;
      if (exponent === 0x1f) continue;
      expect(numberToFloat16(float16ToNumber(bits))).toBe(bits);
    }
    expect(Number.isNaN(float16ToNumber(0x7e00))).toBe(true);
    expect(Number.isNaN(float16ToNumber(numberToFloat16(Number.NaN)))).toBe(true);
  });
});
