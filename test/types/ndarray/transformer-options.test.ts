/**
 * t.ndarray() options through the engine: mmapMode hands out mapped arrays
 * (and writes them back as outputs), a declared dtype and ndim are checked
 * both ways with errors saying what was expected and what arrived, and the
 * declared dtype types the value.
 */
import { readFileSync } from "node:fs";
import { describe, expect, expectTypeOf, it } from "vitest";
import type { ValueOf } from "../../../src/engine/descriptor.js";
import { TypeMismatchError } from "../../../src/engine/errors.js";
import type { ILiteral } from "../../../src/model/flyteidl.js";
import {
  MappedNDArray,
  NDArray,
  ndarray,
  ndarrayTransformer,
  readNpyFile,
} from "../../../src/types/ndarray/index.js";
import { t } from "../../../src/types/t.js";
import { testContext } from "../../helpers/context.js";

const matrix = () =>
  new NDArray({ dtype: "float32", shape: [2, 2], data: Float32Array.of(1, 2, 3, 4) });

async function literalOf(
  value: unknown,
): Promise<{ ctx: ReturnType<typeof testContext>; literal: ILiteral }> {
  const ctx = testContext();
  return { ctx, literal: await ctx.engine.toLiteral(ctx, value, ndarray()) };
}

describe("t.ndarray({ mmapMode })", () => {
  it("gives inputs as mapped arrays that read lazily, and closes them on dispose", async () => {
    const { ctx, literal } = await literalOf(matrix());
    const a = await ctx.engine.toValue<MappedNDArray>(ctx, literal, ndarray({ mmapMode: "r" }));
    expect(a).toBeInstanceOf(MappedNDArray);
    expect(a.bytesRead).toBe(a.dataOffset);
    expect(await a.get(1, 0)).toBe(3);
    await ndarrayTransformer.dispose?.(a);
    await expect(a.get(0, 0)).rejects.toMatchObject({ code: "closed" });
  });

  it('refuses "w+" for an input, which would empty the file in NumPy', async () => {
    const { ctx, literal } = await literalOf(matrix());
    await expect(ctx.engine.toValue(ctx, literal, ndarray({ mmapMode: "w+" }))).rejects.toThrow(
      /mmapMode "w\+" creates a new array and cannot open an input/,
    );
  });

  it("writes a mapped array as an output, copy-on-write changes included", async () => {
    const { ctx, literal } = await literalOf(matrix());
    const a = await ctx.engine.toValue<MappedNDArray>(ctx, literal, ndarray({ mmapMode: "c" }));
    await a.set([0, 1], 20 as never);
    const out = await ctx.engine.toLiteral(ctx, a, ndarray());
    const path = await ctx.files.localPath(out.scalar!.blob!.uri!);
    expect((await readNpyFile(path!)).toNested()).toEqual([
      [1, 20],
      [3, 4],
    ]);
    const original = await ctx.files.localPath(literal.scalar!.blob!.uri!);
    expect((await readNpyFile(original!)).get(0, 1)).toBe(2);
    expect(readFileSync(path!).length).toBe(readFileSync(original!).length);
  });

  it("describes a mapped array from its header, without reading items", async () => {
    const { ctx, literal } = await literalOf(matrix());
    const a = await ctx.engine.toValue<MappedNDArray>(ctx, literal, ndarray({ mmapMode: "r" }));
    const text = await ndarrayTransformer.describe!(ctx, a, ndarray());
    expect(text).toContain('shape: (2, 2)\norder: C\nmapped (mmapMode "r") from ');
    expect(a.bytesRead).toBe(a.dataOffset);
    await a.close();
  });
});

describe("t.ndarray({ dtype, ndim })", () => {
  it("checks outputs, saying what was expected and what arrived", async () => {
    const ctx = testContext({ task: "train", variable: "output w" });
    const d = ndarray({ dtype: "float32", ndim: 2 });
    await expect(ctx.engine.toLiteral(ctx, new Float64Array(3), d)).rejects.toSatisfy(
      (error) =>
        error instanceof TypeMismatchError &&
        error.message ===
          "task train, output w: expected an array of dtype float32 with 2 dimensions, " +
            "got dtype float64 with shape (3,) (1 dimension)",
    );
    const ok = await ctx.engine.toLiteral(ctx, matrix(), d);
    expect(ok.scalar?.blob?.uri).toBeTruthy();
    await expect(ctx.engine.toLiteral(ctx, matrix(), ndarray({ ndim: 3 }))).rejects.toThrow(
      /expected an array of 3 dimensions, got dtype float32 with shape \(2, 2\)/,
    );
  });

  it("checks inputs from the header, before reading the data, whole or mapped", async () => {
    const { ctx, literal } = await literalOf(new Int16Array(5));
    for (const d of [ndarray({ dtype: "float32" }), ndarray({ dtype: "float32", mmapMode: "r" })]) {
      await expect(ctx.engine.toValue(ctx, literal, d)).rejects.toThrow(
        /expected an array of dtype float32, got dtype int16 with shape \(5,\)/,
      );
    }
    const back = await ctx.engine.toValue<NDArray>(
      ctx,
      literal,
      ndarray({ dtype: "int16", ndim: 1 }),
    );
    expect(back.dtype).toBe("int16");
  });

  it("refuses declarations no array can meet", () => {
    expect(() => ndarray({ dtype: "float128" as never })).toThrow(/unknown dtype "float128"/);
    expect(() => ndarray({ ndim: -1 })).toThrow(/ndim must be a non-negative integer/);
  });

  it("types the value: the declared dtype, and a mapped array with mmapMode", () => {
    expectTypeOf<ValueOf<ReturnType<typeof t.ndarray<{ dtype: "float32" }>>>>().toEqualTypeOf<
      NDArray<"float32">
    >();
    const declared = t.ndarray({ dtype: "float32", ndim: 2 });
    expectTypeOf<ValueOf<typeof declared>>().toEqualTypeOf<NDArray<"float32">>();
    expectTypeOf<ValueOf<typeof declared>["data"]>().toEqualTypeOf<Float32Array>();
    const plain = t.ndarray();
    expectTypeOf<ValueOf<typeof plain>>().toEqualTypeOf<NDArray>();
    const chosenAtRunTime: { mmapMode?: "r" } = {};
    const either = t.ndarray(chosenAtRunTime);
    expectTypeOf<ValueOf<typeof either>>().toEqualTypeOf<NDArray | MappedNDArray>();
    const mapped = t.ndarray({ mmapMode: "r", dtype: "int64" });
    expectTypeOf<ValueOf<typeof mapped>>().toEqualTypeOf<MappedNDArray<"int64">>();
  });
});
