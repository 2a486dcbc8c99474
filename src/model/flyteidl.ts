/**
 * The one place that loads Flyte's generated protobuf code.
 *
 * `@flyteorg/flyteidl` ships protobufjs static modules as CommonJS without an
 * `exports` map, so the generated file is imported by path. `long` is a
 * dependency so that protobufjs decodes int64 fields as exact `Long` values.
 */
import { createRequire } from "node:module";
import type { flyteidl as FlyteIdl } from "@flyteorg/flyteidl/gen/pb-js/flyteidl.js";

const require = createRequire(import.meta.url);
const generated = require("@flyteorg/flyteidl/gen/pb-js/flyteidl.js") as {
  flyteidl: typeof FlyteIdl;
};

export const core = generated.flyteidl.core;

export type Literal = FlyteIdl.core.Literal;
export type LiteralMap = FlyteIdl.core.LiteralMap;
export type LiteralType = FlyteIdl.core.LiteralType;
export type ILiteral = FlyteIdl.core.ILiteral;
export type ILiteralType = FlyteIdl.core.ILiteralType;
export type ILiteralMap = FlyteIdl.core.ILiteralMap;
export type IBlob = FlyteIdl.core.IBlob;
export type IScalar = FlyteIdl.core.IScalar;
export type IPrimitive = FlyteIdl.core.IPrimitive;
export type BlobDimensionality = FlyteIdl.core.BlobType.BlobDimensionality;
export const SimpleType = core.SimpleType;
export const BlobDimensionality = core.BlobType.BlobDimensionality;
