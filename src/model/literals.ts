import Long from "long";
import { BlobDimensionality, type ILiteral, type IPrimitive } from "./flyteidl.js";

/** `scalar.primitive.integer`; `bigint` keeps the full int64 range. */
export function integerLiteral(value: number | bigint): ILiteral {
  const integer =
    typeof value === "bigint" ? Long.fromString(value.toString()) : Long.fromNumber(value);
  return { scalar: { primitive: { integer } } };
}

export function floatLiteral(value: number): ILiteral {
  return { scalar: { primitive: { floatValue: value } } };
}

export function stringLiteral(value: string): ILiteral {
  return { scalar: { primitive: { stringValue: value } } };
}

export function booleanLiteral(value: boolean): ILiteral {
  return { scalar: { primitive: { boolean: value } } };
}

/** `scalar.primitive.datetime` from a Date (millisecond precision). */
export function datetimeLiteral(value: Date): ILiteral {
  const ms = value.getTime();
  const seconds = Math.floor(ms / 1000);
  const nanos = (ms - seconds * 1000) * 1_000_000;
  return { scalar: { primitive: { datetime: { seconds: Long.fromNumber(seconds), nanos } } } };
}

/** `scalar.primitive.duration` from milliseconds. */
export function durationLiteral(milliseconds: number): ILiteral {
  const seconds = Math.trunc(milliseconds / 1000);
  const nanos = Math.round((milliseconds - seconds * 1000) * 1_000_000);
  return { scalar: { primitive: { duration: { seconds: Long.fromNumber(seconds), nanos } } } };
}

export function noneLiteral(): ILiteral {
  return { scalar: { noneType: {} } };
}

export function collectionLiteral(literals: ILiteral[]): ILiteral {
  return { collection: { literals } };
}

export function mapLiteral(literals: Record<string, ILiteral>): ILiteral {
  return { map: { literals } };
}

/** `scalar.blob` pointing at `uri`, with Flyte's format string. */
export function blobLiteral(
  uri: string,
  format: string,
  dimensionality: BlobDimensionality = BlobDimensionality.SINGLE,
): ILiteral {
  return { scalar: { blob: { uri, metadata: { type: { format, dimensionality } } } } };
}

/** The URI of a blob literal, or `undefined` when the literal is not a blob. */
export function blobUri(literal: ILiteral): string | undefined {
  const uri = literal.scalar?.blob?.uri;
  return typeof uri === "string" && uri.length > 0 ? uri : undefined;
}

/** Converts a protobuf int64 (Long, number or string) to a bigint. */
export function int64ToBigInt(value: Long | number | string | null | undefined): bigint {
  if (value === null || value === undefined) return 0n;
  if (typeof value === "number") return BigInt(value);
  return BigInt(value.toString());
}

const PRIMITIVE_CASES = [
  "integer",
  "floatValue",
  "stringValue",
  "boolean",
  "datetime",
  "duration",
] as const;

/** Which field of a primitive's `value` oneof is set. */
export type PrimitiveCase = (typeof PRIMITIVE_CASES)[number];

/**
 * The set member of a primitive's oneof, or `undefined`. Decoded protobufjs
 * messages inherit a default for every member (`integer` 0, `stringValue`
 * ""), so "is it set" must look at own properties, not at the value.
 */
export function primitiveCase(primitive: IPrimitive | null | undefined): PrimitiveCase | undefined {
  if (!primitive) return undefined;
  return PRIMITIVE_CASES.find(
    (key) =>
      Object.hasOwn(primitive, key) && primitive[key] !== null && primitive[key] !== undefined,
  );
}

/** Every blob URI inside a literal, through collections and maps. */
export function blobUris(literal: ILiteral): string[] {
  const own = blobUri(literal);
  const inner = [
    ...(literal.collection?.literals ?? []),
    ...Object.values(literal.map?.literals ?? {}),
  ].flatMap(blobUris);
  return own === undefined ? inner : [own, ...inner];
}
