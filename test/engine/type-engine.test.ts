import { describe, expect, it } from "vitest";
import { type Descriptor, descriptor, type TypeTransformer, t, task } from "../../src/index.js";
import {
  blobType,
  collectionType,
  mapType,
  SimpleType,
  simpleType,
  stringLiteral,
} from "../../src/model/index.js";
import { createTypeEngine } from "../../src/types/default-engine.js";
import { testContext } from "../helpers/context.js";

describe("TypeEngine", () => {
  const engine = createTypeEngine();

  it("guesses descriptors back from literal types", () => {
    expect(engine.guess(simpleType(SimpleType.INTEGER)).kind).toBe("int");
    expect(engine.guess(simpleType(SimpleType.DATETIME)).kind).toBe("datetime");
    const list = engine.guess(collectionType(simpleType(SimpleType.FLOAT))) as {
      kind: string;
      item: { kind: string };
    };
    expect([list.kind, list.item.kind]).toEqual(["list", "float"]);
    const map = engine.guess(mapType(blobType("NumpyArray"))) as {
      kind: string;
      value: { kind: string };
    };
    expect([map.kind, map.value.kind]).toEqual(["map", "ndarray"]);
    expect(engine.guess(blobType("PIL.Image")).kind).toBe("image");
    expect(engine.guess(blobType("jsonl", undefined, { format: "json iterator" })).kind).toBe(
      "jsonIterator",
    );
  });

  it("refuses a literal type nothing claims, also after a trip through the wire", async () => {
    const { decodeLiteralType, encodeLiteralType, describeLiteralType } = await import(
      "../../src/model/index.js"
    );
    // Decoded messages inherit simple = NONE; that must not make every type guess as t.none.
    const decoded = decodeLiteralType(encodeLiteralType(blobType("parquet")));
    expect(() => engine.guess(decoded)).toThrow(/blob "parquet"/);
    expect(
      describeLiteralType(
        decodeLiteralType(encodeLiteralType(collectionType(simpleType(SimpleType.FLOAT)))),
      ),
    ).toBe("list of FLOAT");
    expect(
      engine.guess(decodeLiteralType(encodeLiteralType(simpleType(SimpleType.NONE)))).kind,
    ).toBe("none");
    expect(() => engine.guess(blobType("parquet"))).toThrow(
      /cannot guess a type for literal type blob "parquet"/,
    );
  });

  it("round-trips nested lists and maps", async () => {
    const ctx = testContext({ engine });
    const d = t.map(t.list(t.int));
    const literal = await engine.toLiteral(ctx, { a: [1, 2], b: [] }, d);
    expect(await engine.toValue(ctx, literal, d)).toEqual({ a: [1, 2], b: [] });
  });

  it("names the element that failed inside a list", async () => {
    const ctx = testContext({ engine, variable: "input xs" });
    await expect(engine.toLiteral(ctx, [1, 2, "three"], t.list(t.int))).rejects.toThrow(
      /task test, input xs\[2\]: expected an integer, got string "three"/,
    );
  });

  it("refuses a literal of another type, saying what arrived", async () => {
    const ctx = testContext({ engine });
    await expect(engine.toValue(ctx, stringLiteral("5"), t.int)).rejects.toThrow(
      /expected a literal of an integer/,
    );
  });

  it("accepts an integer literal as a float and a whole float literal as an int, as flytekit does", async () => {
    const ctx = testContext({ engine });
    const { floatLiteral, integerLiteral } = await import("../../src/model/index.js");
    expect(await engine.toValue(ctx, integerLiteral(7), t.float)).toBe(7);
    expect(await engine.toValue(ctx, floatLiteral(3), t.int)).toBe(3);
    await expect(engine.toValue(ctx, floatLiteral(3.5), t.int)).rejects.toThrow(
      /expected a literal of an integer/,
    );
  });

  it("tells primitive literals apart after a trip through the wire", async () => {
    // Decoded protobuf messages inherit defaults for unset oneof members
    // (integer 0, stringValue ""): only the member that is set may count.
    const ctx = testContext({ engine });
    const { decodeLiteral, encodeLiteral } = await import("../../src/model/index.js");
    const samples = [
      [t.int, 5],
      [t.float, 2.5],
      [t.string, "s"],
      [t.boolean, true],
      [t.datetime, new Date(1_000)],
      [t.duration, 1500],
    ] as const;
    for (const [from, value] of samples) {
      const wire = decodeLiteral(encodeLiteral(await engine.toLiteral(ctx, value, from)));
      for (const [to, expected] of samples) {
        const coerces = from === t.int && to === t.float;
        if (from === to || coerces) {
          await expect(engine.toValue(ctx, wire, to)).resolves.toEqual(coerces ? 5 : expected);
        } else {
          await expect(engine.toValue(ctx, wire, to)).rejects.toThrow(/expected a literal of/);
        }
      }
    }
  });

  it("says why an integer output is refused", async () => {
    const ctx = testContext({ engine });
    await expect(engine.toLiteral(ctx, 2 ** 60, t.int)).rejects.toThrow(
      /beyond 2\^53.*pass a bigint/,
    );
    await expect(engine.toLiteral(ctx, 2n ** 64n, t.int)).rejects.toThrow(
      /outside the int64 range/,
    );
    await expect(engine.toLiteral(ctx, [1], t.int)).rejects.toThrow(/got an Array/);
  });

  it("keeps int64 values beyond 2^53 exact as bigint outputs and refuses them as numbers", async () => {
    const ctx = testContext({ engine });
    const literal = await engine.toLiteral(ctx, 2n ** 62n, t.int);
    expect(literal.scalar?.primitive?.integer?.toString()).toBe((2n ** 62n).toString());
    await expect(engine.toValue(ctx, literal, t.int)).rejects.toThrow(/cannot hold exactly/);
  });
});

describe("user transformers", () => {
  /** A user type: a point travels as "x,y" in a string literal. */
  interface Point {
    x: number;
    y: number;
  }
  const point: Descriptor<Point> = descriptor("point");
  const pointTransformer: TypeTransformer<typeof point> = {
    kind: "point",
    name: "a point",
    literalType: () => simpleType(SimpleType.STRING),
    toLiteral: async (_ctx, value) => stringLiteral(`${(value as Point).x},${(value as Point).y}`),
    toValue: async (_ctx, literal) => {
      const [x, y] = (literal.scalar?.primitive?.stringValue ?? "").split(",").map(Number);
      return { x: x ?? 0, y: y ?? 0 };
    },
  };

  it("registers like the built-ins and types task functions", async () => {
    const engine = createTypeEngine().register(pointTransformer);
    const mirror = task(
      { name: "mirror", inputs: { p: point }, outputs: point, engine },
      ({ p }) => ({ x: -p.x, y: p.y }),
    );
    const { execute } = await import("../../src/runtime/index.js");
    const result = await execute(
      mirror,
      { p: { x: 3, y: 4 } },
      { engine, dataDir: testContextDir() },
    );
    expect(result.values.o0).toEqual({ x: -3, y: 4 });
  });
});

function testContextDir(): string {
  return testContext().files.rawOutputPrefix;
}

describe("partial failures", () => {
  it("removes the blobs of outputs already written when another output fails", async () => {
    const { readdirSync } = await import("node:fs");
    const { execute } = await import("../../src/runtime/index.js");
    const dataDir = testContext().files.rawOutputPrefix;
    const bad = task({ name: "bad", inputs: {}, outputs: { arr: t.ndarray(), n: t.int } }, () => ({
      arr: new Float64Array(1000),
      n: 1.5,
    }));
    await expect(execute(bad, {}, { dataDir })).rejects.toThrow(/output n: expected an integer/);
    const files = readdirSync(dataDir, { recursive: true }).map(String);
    expect(files.filter((f) => f.endsWith(".npy") || f.endsWith(".partial"))).toEqual([]);
  });

  it("releases inputs already received when another input fails to convert", async () => {
    const released: unknown[] = [];
    const held: Descriptor<string> = descriptor("held");
    const engine = createTypeEngine().register({
      kind: "held",
      name: "a held resource",
      literalType: () => simpleType(SimpleType.STRING),
      toLiteral: async (_ctx, value) => stringLiteral(String(value)),
      toValue: async (_ctx, literal) => `open:${literal.scalar?.primitive?.stringValue}`,
      dispose: async (value) => {
        released.push(value);
      },
    } satisfies TypeTransformer<typeof held>);
    const ctx = testContext({ engine });
    const map = { literals: { h: stringLiteral("file"), n: stringLiteral("not a number") } };
    await expect(engine.toValues(ctx, map, { h: held, n: t.int }, "input")).rejects.toThrow(
      /input n/,
    );
    expect(released).toEqual(["open:file"]);
  });

  it("treats input names like constructor as plain names", async () => {
    const ctx = testContext({ engine: createTypeEngine() });
    const d = { constructor: t.string };
    await expect(ctx.engine.toLiteralMap(ctx, {}, d, "input")).rejects.toThrow(
      /input constructor: no value given/,
    );
    const literals = await ctx.engine.toLiteralMap(ctx, { constructor: "x" }, d, "input");
    expect(await ctx.engine.toValues(ctx, literals, d, "input")).toEqual({ constructor: "x" });
  });
});
