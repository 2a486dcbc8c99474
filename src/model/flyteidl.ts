/**
 * The one place that loads Flyte's protobuf code.
 *
 * The runtime code is our own generated module for `flyteidl.core`'s literal
 * and literal-type messages (scripts/gen-proto.ts), not the one
 * `@flyteorg/flyteidl` ships for all of flyteidl, which holds 3.3 MB of code
 * and costs about 15 MiB of resident memory in every task process. Both are
 * made by protobufjs from the same `.proto` files and have the same shape, so
 * the package's TypeScript declarations describe ours; only types are taken
 * from it. `long` is a dependency so that protobufjs decodes int64 fields as
 * exact `Long` values.
 */
import type { flyteidl as FlyteIdl } from "@flyteorg/flyteidl/gen/pb-js/flyteidl.js";
import { generatedRoot } from "./flyteidl-literals.generated.js";

/** The generated messages and enums this package uses. */
type Core = Pick<
  typeof FlyteIdl.core,
  | "Literal"
  | "LiteralMap"
  | "LiteralCollection"
  | "LiteralType"
  | "Scalar"
  | "Primitive"
  | "Blob"
  | "BlobMetadata"
  | "BlobType"
  | "SimpleType"
>;

export const core: Core = (generatedRoot as unknown as { flyteidl: { core: Core } }).flyteidl.core;

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
