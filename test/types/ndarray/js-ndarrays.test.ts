/**
 * NDArrays to and from scijs `ndarray` and `@stdlib/ndarray`, sharing
 * memory. Neither library is a dependency, so they are stood in for by the
 * smallest objects with their documented constructor signatures and
 * indexing rule (item = data[offset + Σ index·stride]); the functions were
 * also run by hand against ndarray 1.1.1 and @stdlib/ndarray 0.4.1.
 */
import { describe, expect, it } from "vitest";
import {
  NDArray,
  stridedView,
  toNDArray,
  toScijs,
  toStdlib,
} from "../../../src/types/ndarray/index.js";

interface Strided {
  data: ArrayLike<unknown>;
  shape: number[];
  offset: number;
  get(...index: number[]): unknown;
}

function at(
  like: { data: ArrayLike<unknown>; offset: number },
  strides: number[],
  index: number[],
) {
  return like.data[like.offset + index.reduce((sum, i, axis) => sum + i * strides[axis]!, 0)];
}

/** scijs: `ndarray(data, shape, stride, offset)` → `{ data, shape, stride, offset, get }`. */
function scijs(data: ArrayLike<unknown>, shape: number[], stride: number[], offset: number) {
  const like = { data, shape, stride, offset, get: (...i: number[]) => at(like, stride, i) };
  return like satisfies Strided;
}

/** stdlib: `new ndarray(dtype, buffer, shape, strides, offset, order)`. */
class Stdlib implements Strided {
  constructor(
    readonly dtype: string,
    readonly data: ArrayLike<unknown>,
    readonly shape: number[],
    readonly strides: number[],
    readonly offset: number,
    readonly order: string,
  ) {}
  get(...index: number[]): unknown {
    return at(this, this.strides, index);
  }
}

const fortran = () =>
  new NDArray({
    dtype: "float32",
    shape: [2, 3],
    order: "F",
    data: Float32Array.of(0, 3, 1, 4, 2, 5),
  });

/** Every item of a strided object in logical row-major nesting. */
function nested(like: Strided): unknown {
  const walk = (prefix: number[]): unknown =>
    prefix.length === like.shape.length
      ? like.get(...prefix)
      : Array.from({ length: like.shape[prefix.length]! }, (_, i) => walk([...prefix, i]));
  return walk([]);
}

describe("handing NDArrays to JavaScript ndarray libraries", () => {
  it("shares memory with scijs and stdlib, in the array's own order", () => {
    const a = fortran();
    const s = toScijs(a, scijs);
    const t = toStdlib(a, Stdlib);
    expect(s.data).toBe(a.data);
    expect(t.data).toBe(a.data);
    expect([t.dtype, t.order, t.strides]).toEqual(["float32", "column-major", [1, 2]]);
    expect(nested(s)).toEqual(a.toNested());
    expect(nested(t)).toEqual(a.toNested());
    (a.data as Float32Array)[5] = 50; // a[1, 2]
    expect(s.get(1, 2)).toBe(50);
  });

  it("gives complex arrays a last axis of (re, im)", () => {
    const c = new NDArray({ dtype: "complex128", shape: [2], data: Float64Array.of(1, 2, 3, -4) });
    const view = stridedView(c);
    expect([view.shape, view.strides, view.dtype]).toEqual([[2, 2], [2, 1], "float64"]);
    expect(nested(toScijs(c, scijs))).toEqual([
      [1, 2],
      [3, -4],
    ]);
  });

  it("maps dtypes to stdlib's names and refuses what neither library reads", () => {
    expect(stridedView(NDArray.from([true, false])).dtype).toBe("uint8");
    expect(stridedView(NDArray.from(["a", "bc"])).dtype).toBe("generic");
    expect(toScijs(NDArray.from([1n, 2n]), scijs).get(1)).toBe(2n);
    expect(() => toStdlib(NDArray.from([1n]), Stdlib)).toThrow(
      /cannot share an array of dtype int64 with @stdlib\/ndarray/,
    );
    expect(() => stridedView(NDArray.zeros("float16", [1]))).toThrow(/float16ArrayToFloat32/);
    expect(() => stridedView(NDArray.zeros("V4", [1]))).toThrow(/raw bytes/);
  });
});

describe("taking arrays from JavaScript ndarray libraries", () => {
  it("views dense arrays at an offset without copying", () => {
    const data = new Float64Array([9, 9, 1, 2, 3, 4, 5, 6]);
    const a = toNDArray(scijs(data, [2, 3], [3, 1], 2));
    expect((a.data as Float64Array).buffer).toBe(data.buffer);
    expect(a.toNested()).toEqual([
      [1, 2, 3],
      [4, 5, 6],
    ]);
    data[7] = 60;
    expect(a.get(1, 2)).toBe(60);
  });

  it("views a transposed array as Fortran order, and copies a strided slice", () => {
    const data = new Int16Array([1, 2, 3, 4, 5, 6]);
    const transposed = toNDArray(scijs(data, [3, 2], [1, 3], 0));
    expect(transposed.order).toBe("F");
    expect(transposed.data).toBe(data);
    expect(transposed.toNested()).toEqual([
      [1, 4],
      [2, 5],
      [3, 6],
    ]);
    const corner = toNDArray(scijs(data, [2, 2], [3, 1], 0)); // rows 0-1, columns 0-1
    expect((corner.data as Int16Array).buffer).not.toBe(data.buffer);
    expect(corner.toNested()).toEqual([
      [1, 2],
      [4, 5],
    ]);
  });

  it("round-trips through stdlib unchanged and shared", () => {
    const a = fortran();
    const back = toNDArray(toStdlib(a, Stdlib));
    expect(back.data).toBe(a.data);
    expect(back.order).toBe("F");
    expect(back.toNested()).toEqual(a.toNested());
  });
});
