import Long from "long";
import {
  core,
  type ILiteral,
  type ILiteralMap,
  type ILiteralType,
  type Literal,
  type LiteralMap,
  type LiteralType,
} from "./flyteidl.js";

/** Protobuf wire bytes of a LiteralMap (an `inputs.pb` or `outputs.pb`). */
export function encodeLiteralMap(map: ILiteralMap): Uint8Array {
  return core.LiteralMap.encode(map).finish();
}

export function decodeLiteralMap(bytes: Uint8Array): LiteralMap {
  return core.LiteralMap.decode(bytes);
}

export function encodeLiteral(literal: ILiteral): Uint8Array {
  return core.Literal.encode(literal).finish();
}

export function decodeLiteral(bytes: Uint8Array): Literal {
  return core.Literal.decode(bytes);
}

export function encodeLiteralType(type: ILiteralType): Uint8Array {
  return core.LiteralType.encode(type).finish();
}

export function decodeLiteralType(bytes: Uint8Array): LiteralType {
  return core.LiteralType.decode(bytes);
}

/**
 * Plain JSON-safe copy of a decoded message: int64 values as decimal strings,
 * bytes as base64, unset fields and empty repeated or map fields left out.
 * (The generated code ships without protobufjs' `toObject`.)
 */
function toJson(value: unknown): unknown {
  if (value === null || value === undefined) return undefined;
  if (Long.isLong(value)) return value.toString();
  if (value instanceof Uint8Array) return Buffer.from(value).toString("base64");
  if (Array.isArray(value)) {
    const items = value.map(toJson);
    return items.length > 0 ? items : undefined;
  }
  if (typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value)) {
      const inner = toJson((value as Record<string, unknown>)[key]);
      if (inner !== undefined) out[key] = inner;
    }
    return out;
  }
  return value;
}

/**
 * Plain JSON-safe object of a literal. The literal is normalised through its
 * wire form first, so literals built from plain objects and decoded ones
 * print the same.
 */
export function literalToJson(literal: ILiteral): Record<string, unknown> {
  return (toJson(decodeLiteral(encodeLiteral(literal))) ?? {}) as Record<string, unknown>;
}

export function literalMapToJson(map: ILiteralMap): Record<string, unknown> {
  return (toJson(decodeLiteralMap(encodeLiteralMap(map))) ?? {}) as Record<string, unknown>;
}

export function literalTypeToJson(type: ILiteralType): Record<string, unknown> {
  return (toJson(decodeLiteralType(encodeLiteralType(type))) ?? {}) as Record<string, unknown>;
}
