import { existsSync, readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { TypeMismatchError } from "../../../src/engine/errors.js";
import { blobType } from "../../../src/model/literal-types.js";
import { blobLiteral, integerLiteral } from "../../../src/model/literals.js";
import {
  NDArray,
  ndarray,
  ndarrayTransformer,
  readNpyFile,
} from "../../../src/types/ndarray/index.js";
import { testContext } from "../../helpers/context.js";
import { craftNpy, headerText } from "./craft.js";

describe("t.ndarray() transformer", () => {
  it("has Flyte's NumpyArray blob type and guesses it back", () => {
    const ctx = testContext();
    expect(ctx.engine.literalType(ndarray())).toEqual(blobType("NumpyArray"));
    expect(ctx.engine.guess(blobType("NumpyArray")).kind).toBe("ndarray");
    expect(ndarrayTransformer.guess?.(blobType("PIL.Image"), ctx.engine)).toBeUndefined();
  });

  it("writes an array.npy blob under the raw output prefix and reads it back", async () => {
    const ctx = testContext();
    const array = new NDArray({
      dtype: "float32",
      shape: [2, 3],
      order: "F",
      data: new Float32Array([0, 3, 1, 4, 2, 5]),
    });
    const literal = await ctx.engine.toLiteral(ctx, array, ndarray());
    const blob = literal.scalar?.blob;
    expect(blob?.metadata?.type?.format).toBe("NumpyArray");
    expect(blob?.uri).toMatch(
      new RegExp(`^${ctx.files.rawOutputPrefix}/[0-9a-f]{32}/array\\.npy$`),
    );
    const back = await ctx.engine.toValue<NDArray>(ctx, literal, ndarray());
    expect(back.dtype).toBe("float32");
    expect(back.toNested()).toEqual([
      [0, 1, 2],
      [3, 4, 5],
    ]);
  });

  it("accepts a plain typed array as a 1-d array", async () => {
    const ctx = testContext();
    const literal = await ctx.engine.toLiteral(ctx, new Int16Array([3, -4]), ndarray());
    const path = await ctx.files.localPath(literal.scalar!.blob!.uri!);
    const back = await readNpyFile(path!);
    expect(back.dtype).toBe("int16");
    expect([...(back.data as Int16Array)]).toEqual([3, -4]);
  });

  it("reads through readBytes when the blob is not a local file", async () => {
    const ctx = testContext();
    const literal = await ctx.engine.toLiteral(ctx, new Float64Array([1.5]), ndarray());
    const uri = literal.scalar!.blob!.uri!;
    const bytes = readFileSync((await ctx.files.localPath(uri))!);
    const files = Object.create(ctx.files) as typeof ctx.files;
    files.localPath = async () => undefined;
    files.readBytes = async (asked) => {
      expect(asked).toBe(uri);
      return bytes;
    };
    const back = await ctx.engine.toValue<NDArray>({ ...ctx, files }, literal, ndarray());
    expect(back.get(0)).toBe(1.5);
  });

  it("refuses values that are not arrays, naming what arrived", async () => {
    const ctx = testContext();
    for (const value of [
      [1, 2, 3],
      "abc",
      { data: [1], shape: [1] },
      new DataView(new ArrayBuffer(2)),
    ]) {
      await expect(ctx.engine.toLiteral(ctx, value, ndarray())).rejects.toThrow(TypeMismatchError);
    }
    await expect(ctx.engine.toLiteral(ctx, "abc", ndarray())).rejects.toThrow(
      /task test, input x: expected an NDArray, a typed array.*got string "abc"/,
    );
  });

  it("refuses literals that are not NumpyArray blobs", async () => {
    const ctx = testContext();
    await expect(ctx.engine.toValue(ctx, integerLiteral(3), ndarray())).rejects.toThrow(
      /expected a blob literal of format "NumpyArray", got a primitive/,
    );
    await expect(
      ctx.engine.toValue(ctx, blobLiteral("/tmp/x.png", "PIL.Image"), ndarray()),
    ).rejects.toThrow(
      /expected a blob of format "NumpyArray", got blob "PIL.Image" at \/tmp\/x.png/,
    );
  });

  it("reports a broken blob with its URI and error code", async () => {
    const ctx = testContext();
    const uri = ctx.files.newBlobUri("array.npy");
    await ctx.files.writeBytes(uri, craftNpy(headerText("<f8", "(10,)"), new Uint8Array(8)));
    const error = await ctx.engine
      .toValue(ctx, blobLiteral(uri, "NumpyArray"), ndarray())
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "truncated_data", uri });
    expect((error as Error).message).toContain(`task test, input x: cannot read ${uri}: `);
  });

  it("refuses object arrays unless allowPickle is set", async () => {
    const ctx = testContext();
    const uri = ctx.files.newBlobUri("array.npy");
    await ctx.files.writeBytes(uri, craftNpy(headerText("|O", "(1,)"), new Uint8Array(8)));
    await expect(
      ctx.engine.toValue(ctx, blobLiteral(uri, "NumpyArray"), ndarray()),
    ).rejects.toMatchObject({ code: "pickle_not_allowed" });
  });

  it("describes an array for the CLI", async () => {
    const ctx = testContext();
    const array = NDArray.from(new Float64Array([1, 2, 6]));
    expect(await ndarrayTransformer.describe!(ctx, array, ndarray())).toBe(
      "dtype: float64\nshape: (3,)\norder: C\nmin: 1, max: 6, mean: 3\n[1, 2, 6]",
    );
  });

  it("renders HTML with dtype, shape, statistics and an escaped preview", async () => {
    const ctx = testContext();
    const numbers = NDArray.from(new Float64Array([1, 2, 6]));
    const html = await ndarrayTransformer.toHtml!(ctx, numbers, ndarray());
    expect(html).toContain("<th>dtype</th><td>float64</td>");
    expect(html).toContain("<th>shape</th><td>(3,)</td>");
    expect(html).toContain("<th>min</th><td>1</td>");
    expect(html).toContain("<th>max</th><td>6</td>");
    expect(html).toContain("<th>mean</th><td>3</td>");
    const text = NDArray.from(["<script>alert(1)</script>"]);
    const escaped = await ndarrayTransformer.toHtml!(ctx, text, ndarray());
    expect(escaped).not.toContain("<script>");
    expect(escaped).toContain("&#60;script&#62;");
  });

  it("writes atomically: a failed write leaves no blob", async () => {
    const ctx = testContext();
    const bad = new NDArray({ dtype: "S1", shape: [2], data: ["a", "toolong"] });
    await expect(ctx.engine.toLiteral(ctx, bad, ndarray())).rejects.toThrow(TypeMismatchError);
    const root = ctx.files.rawOutputPrefix;
    const leftovers = existsSync(root)
      ? readdirSync(root, { recursive: true }).filter((f) => String(f).endsWith(".npy"))
      : [];
    expect(leftovers).toEqual([]);
  });
});
