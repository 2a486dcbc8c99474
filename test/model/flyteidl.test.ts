import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import type { flyteidl as FlyteIdl } from "@flyteorg/flyteidl/gen/pb-js/flyteidl.js";
import fc from "fast-check";
import Long from "long";
import { describe, expect, it } from "vitest";
import { GENERATED_MODULE, generateFlyteidlModule } from "../../scripts/gen-proto.js";
import { core, type ILiteral, type ILiteralType } from "../../src/model/flyteidl.js";

/**
 * The reference: the module `@flyteorg/flyteidl` ships for all of flyteidl,
 * generated from the same .proto files by the protobufjs of its day.
 */
const require = createRequire(import.meta.url);
const full = (require("@flyteorg/flyteidl/gen/pb-js/flyteidl.js") as { flyteidl: typeof FlyteIdl })
  .flyteidl.core;

const long = (text: string) => Long.fromString(text);

/** One literal per message and oneof member the two literal files define. */
const literals: Record<string, ILiteral> = {
  integer: { scalar: { primitive: { integer: long("-9223372036854775808") } } },
  "float NaN": { scalar: { primitive: { floatValue: Number.NaN } } },
  "float -0": { scalar: { primitive: { floatValue: -0 } } },
  "empty string": { scalar: { primitive: { stringValue: "" } } },
  string: { scalar: { primitive: { stringValue: "héllo \u{1f600}" } } },
  "boolean false": { scalar: { primitive: { boolean: false } } },
  datetime: { scalar: { primitive: { datetime: { seconds: long("1704164645"), nanos: 678 } } } },
  duration: { scalar: { primitive: { duration: { seconds: long("-2"), nanos: -5 } } } },
  none: { scalar: { noneType: {} } },
  blob: {
    scalar: {
      blob: {
        uri: "s3://bucket/a/b.npy",
        metadata: { type: { format: "NumpyArray", dimensionality: 1 } },
      },
    },
  },
  binary: { scalar: { binary: { value: new Uint8Array([0, 1, 255]), tag: "msgpack" } } },
  schema: {
    scalar: {
      schema: {
        uri: "s3://b/schema",
        type: { columns: [{ name: "x", type: 2 }] },
      },
    },
  },
  union: {
    scalar: {
      union: {
        value: { scalar: { primitive: { integer: long("3") } } },
        type: { simple: 1, structure: { tag: "int" } },
      },
    },
  },
  error: { scalar: { error: { failedNodeId: "n0", message: "boom" } } },
  generic: {
    scalar: {
      generic: {
        fields: {
          a: { numberValue: 1.5 },
          b: { listValue: { values: [{ boolValue: true }, { nullValue: 0 }] } },
          c: { structValue: { fields: { d: { stringValue: "e" } } } },
        },
      },
    },
  },
  "structured dataset": {
    scalar: {
      structuredDataset: {
        uri: "s3://b/sd",
        metadata: {
          structuredDatasetType: {
            columns: [{ name: "c", literalType: { simple: 3 } }],
            format: "parquet",
            externalSchemaType: "arrow",
            externalSchemaBytes: new Uint8Array([9]),
          },
        },
      },
    },
  },
  "nested collection and map": {
    collection: {
      literals: [
        { map: { literals: { k: { scalar: { primitive: { integer: long("1") } } } } } },
        { collection: { literals: [] } },
      ],
    },
    hash: "abc",
    metadata: { origin: "test", "": "empty key" },
  },
  offloaded: {
    offloadedMetadata: { uri: "s3://b/off", sizeBytes: long("123456789012"), inferredType: {} },
  },
};

const literalTypes: Record<string, ILiteralType> = {
  simple: { simple: 4 },
  "simple NONE set explicitly": { simple: 0 },
  "blob with metadata": {
    blob: { format: "jsonl", dimensionality: 0 },
    metadata: { fields: { format: { stringValue: "json iterator" } } },
  },
  "nested collection of maps": { collectionType: { mapValueType: { simple: 1 } } },
  enum: { enumType: { values: ["a", "b"] } },
  union: {
    unionType: { variants: [{ simple: 1, structure: { tag: "int" } }, { simple: 9 }] },
    annotation: { annotations: { fields: { x: { numberValue: 2 } } } },
  },
  "dataclass structure": {
    simple: 9,
    structure: { tag: "t", dataclassType: { field: { simple: 3 } } },
  },
  schema: { schema: { columns: [{ name: "x", type: 1 }] } },
};

const bytesOf = (writer: { finish(): Uint8Array }) => Buffer.from(writer.finish()).toString("hex");

describe("the generated flyteidl.core module", () => {
  it("is what npm run gen:proto makes from the installed .proto files", () => {
    const committed = readFileSync(join(import.meta.dirname, "../..", GENERATED_MODULE), "utf8");
    expect(generateFlyteidlModule()).toBe(committed);
  });

  it.each(Object.entries(literals))("encodes a %s literal to the reference bytes", (_, value) => {
    const ours = bytesOf(core.Literal.encode(value));
    expect(ours).toBe(bytesOf(full.Literal.encode(value)));
    expect(ours.length).toBeGreaterThan(0);
  });

  it.each(Object.entries(literalTypes))("encodes a %s type to the reference bytes", (_, value) => {
    expect(bytesOf(core.LiteralType.encode(value))).toBe(bytesOf(full.LiteralType.encode(value)));
  });

  it("decodes what the reference encodes, to the same oneof members and values", () => {
    for (const value of Object.values(literals)) {
      const wire = full.Literal.encode(value).finish();
      const ours = core.Literal.decode(wire);
      const theirs = full.Literal.decode(wire);
      expect(ours.value).toBe(theirs.value);
      const scalarCase = (literal: FlyteIdl.core.Literal) =>
        (literal.scalar as FlyteIdl.core.Scalar | null)?.value;
      expect(scalarCase(ours)).toBe(scalarCase(theirs));
      expect(bytesOf(full.Literal.encode(ours))).toBe(bytesOf(full.Literal.encode(theirs)));
    }
    for (const value of Object.values(literalTypes)) {
      const wire = full.LiteralType.encode(value).finish();
      const ours = core.LiteralType.decode(wire);
      expect(ours.type).toBe(full.LiteralType.decode(wire).type);
      expect(bytesOf(full.LiteralType.encode(ours))).toBe(Buffer.from(wire).toString("hex"));
    }
  });

  it("agrees with the reference on random literal maps", () => {
    const { literal } = fc.letrec<{ literal: ILiteral }>((tie) => ({
      literal: fc.oneof(
        { depthSize: "small" },
        fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }).map((n) => ({
          scalar: { primitive: { integer: long(n.toString()) } },
        })),
        fc.double().map((floatValue) => ({ scalar: { primitive: { floatValue } } })),
        fc.string({ unit: "grapheme" }).map((stringValue) => ({
          scalar: { primitive: { stringValue } },
        })),
        fc.boolean().map((boolean) => ({ scalar: { primitive: { boolean } } })),
        fc.webUrl().map((uri) => ({
          scalar: { blob: { uri, metadata: { type: { format: "jsonl", dimensionality: 0 } } } },
        })),
        fc.array(tie("literal"), { maxLength: 4 }).map((items) => ({
          collection: { literals: items as ILiteral[] },
        })),
        fc.dictionary(fc.string(), tie("literal"), { maxKeys: 4 }).map((entries) => ({
          map: { literals: entries as Record<string, ILiteral> },
        })),
      ),
    }));
    fc.assert(
      fc.property(fc.dictionary(fc.string(), literal, { maxKeys: 5 }), (literals) => {
        const map = { literals };
        const wire = core.LiteralMap.encode(map).finish();
        expect(Buffer.from(wire).toString("hex")).toBe(bytesOf(full.LiteralMap.encode(map)));
        expect(bytesOf(full.LiteralMap.encode(core.LiteralMap.decode(wire)))).toBe(
          Buffer.from(wire).toString("hex"),
        );
      }),
      { seed: 20261201, numRuns: 300 },
    );
  });
});
