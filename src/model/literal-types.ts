import { BlobDimensionality, core, type ILiteralType, SimpleType } from "./flyteidl.js";

export { BlobDimensionality, SimpleType };

/** A simple LiteralType such as INTEGER or STRING. */
export function simpleType(simple: (typeof SimpleType)[keyof typeof SimpleType]): ILiteralType {
  return { simple };
}

/** `collection_type: item`: a list or typed iterator. */
export function collectionType(item: ILiteralType): ILiteralType {
  return { collectionType: item };
}

/** `map_value_type: value`: a string-keyed map. */
export function mapType(value: ILiteralType): ILiteralType {
  return { mapValueType: value };
}

/**
 * A blob type with Flyte's format string. `metadata` becomes the
 * LiteralType's `metadata` Struct, which flytekit uses to tell a JSON
 * iterator from other `jsonl` blobs.
 */
export function blobType(
  format: string,
  dimensionality: BlobDimensionality = BlobDimensionality.SINGLE,
  metadata?: Readonly<Record<string, string>>,
): ILiteralType {
  const type: ILiteralType = { blob: { format, dimensionality } };
  if (metadata) {
    const fields: Record<string, { stringValue: string }> = {};
    for (const [key, value] of Object.entries(metadata)) fields[key] = { stringValue: value };
    type.metadata = { fields };
  }
  return type;
}

/** String fields of a LiteralType's metadata Struct. */
export function literalTypeMetadata(type: ILiteralType): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(type.metadata?.fields ?? {})) {
    if (Object.hasOwn(value, "stringValue") && typeof value.stringValue === "string") {
      out[key] = value.stringValue;
    }
  }
  return out;
}

/** Short human-readable name of a literal type, for error messages. */
export function describeLiteralType(type: ILiteralType | null | undefined): string {
  if (!type) return "nothing";
  if (Object.hasOwn(type, "simple") && type.simple !== null && type.simple !== undefined)
    return core.SimpleType[type.simple] ?? `simple ${type.simple}`;
  if (type.collectionType) return `list of ${describeLiteralType(type.collectionType)}`;
  if (type.mapValueType) return `map of ${describeLiteralType(type.mapValueType)}`;
  if (type.blob) return `blob "${type.blob.format ?? ""}"`;
  return "an unsupported literal type";
}
