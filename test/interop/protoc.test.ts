import { describe, expect, it } from "vitest";
import { t } from "../../src/index.js";
import { encodeLiteralMap, encodeLiteralType } from "../../src/model/index.js";
import { testContext } from "../helpers/context.js";
import { hasProtoc, protocDecode } from "../helpers/protoc.js";

const LITERALS = "flyteidl/core/literals.proto";
const TYPES = "flyteidl/core/types.proto";

/** One sample value per built-in type, and what protoc must show for it. */
const samples = [
  { name: "int", d: t.int, value: 9007199254740993n, shows: ["integer: 9007199254740993"] },
  { name: "float", d: t.float, value: 2.5, shows: ["float_value: 2.5"] },
  { name: "string", d: t.string, value: "héllo", shows: ['string_value: "h\\303\\251llo"'] },
  { name: "boolean", d: t.boolean, value: true, shows: ["boolean: true"] },
  {
    name: "datetime",
    d: t.datetime,
    value: new Date("2024-01-02T03:04:05.678Z"),
    shows: ["datetime {", "seconds: 1704164645", "nanos: 678000000"],
  },
  {
    name: "duration",
    d: t.duration,
    value: 1500,
    shows: ["duration {", "seconds: 1", "nanos: 500000000"],
  },
  { name: "none", d: t.none, value: null, shows: ["none_type {"] },
  {
    name: "list",
    d: t.list(t.int),
    value: [1, 2],
    shows: ["collection {", "integer: 1", "integer: 2"],
  },
  {
    name: "map",
    d: t.map(t.string),
    value: { k: "v" },
    shows: ["map {", 'key: "k"', 'string_value: "v"'],
  },
  {
    name: "iterator",
    d: t.iterator(t.int),
    value: [7, 8],
    shows: ["collection {", "integer: 7", "integer: 8"],
  },
  {
    name: "ndarray",
    d: t.ndarray(),
    value: new Float64Array([1, 2]),
    shows: ["blob {", 'format: "NumpyArray"', ".npy"],
  },
  {
    name: "image",
    d: t.image(),
    value: { data: new Uint8Array(12), width: 2, height: 2, channels: 3 },
    shows: ["blob {", 'format: "PIL.Image"', ".png"],
  },
  {
    name: "jsonIterator",
    d: t.jsonIterator(),
    value: [{ a: 1 }],
    shows: ["blob {", 'format: "jsonl"', ".jsonl"],
  },
] as const;

describe.skipIf(!hasProtoc)("literals decode with protoc and flyteidl's .proto files", () => {
  for (const sample of samples) {
    it(`${sample.name}`, async () => {
      const ctx = testContext();
      const literal = await ctx.engine.toLiteral(ctx, sample.value, sample.d);
      const text = protocDecode(
        "flyteidl.core.LiteralMap",
        LITERALS,
        encodeLiteralMap({ literals: { x: literal } }),
      );
      for (const shown of sample.shows) expect(text).toContain(shown);
    });
  }

  it("gives the JSON iterator's literal type the metadata flytekit reads", () => {
    const ctx = testContext();
    const text = protocDecode(
      "flyteidl.core.LiteralType",
      TYPES,
      encodeLiteralType(ctx.engine.literalType(t.jsonIterator())),
    );
    expect(text).toContain('format: "jsonl"');
    expect(text).toMatch(/key: "format"\s+value \{\s+string_value: "json iterator"/);
  });

  it("gives collections and maps their element types", () => {
    const ctx = testContext();
    const list = protocDecode(
      "flyteidl.core.LiteralType",
      TYPES,
      encodeLiteralType(ctx.engine.literalType(t.list(t.float))),
    );
    expect(list).toMatch(/collection_type \{\s+simple: FLOAT/);
    const map = protocDecode(
      "flyteidl.core.LiteralType",
      TYPES,
      encodeLiteralType(ctx.engine.literalType(t.map(t.ndarray()))),
    );
    expect(map).toMatch(/map_value_type \{\s+blob \{\s+format: "NumpyArray"/);
  });
});
