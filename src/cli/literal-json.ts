import type { ILiteral, IPrimitive } from "../model/flyteidl.js";
import { int64ToBigInt, primitiveCase } from "../model/literals.js";

/**
 * JSON for one output literal, read from the literal itself: scalars as
 * JSON values (integers beyond 2^53 as strings, so no digit is lost; NaN and
 * infinities as the strings Python prints), datetimes as ISO strings,
 * durations in milliseconds (as `t.duration` values are), collections as
 * arrays, maps as objects, and blobs as `{ uri, format }`.
 */
export function literalJson(literal: ILiteral): unknown {
  const scalar = literal.scalar;
  const set = primitiveCase(scalar?.primitive);
  if (set && scalar?.primitive) {
    // Only the member that is set: decoded messages inherit defaults for the others.
    const p: IPrimitive = { [set]: scalar.primitive[set] };
    if (p.integer !== null && p.integer !== undefined) {
      const exact = int64ToBigInt(p.integer);
      return Number.isSafeInteger(Number(exact)) ? Number(exact) : exact.toString();
    }
    if (typeof p.floatValue === "number")
      return Number.isFinite(p.floatValue) ? p.floatValue : pythonFloat(p.floatValue);
    if (typeof p.stringValue === "string") return p.stringValue;
    if (typeof p.boolean === "boolean") return p.boolean;
    if (p.datetime) {
      const ms =
        Number(int64ToBigInt(p.datetime.seconds)) * 1000 +
        Math.floor((p.datetime.nanos ?? 0) / 1e6);
      return new Date(ms).toISOString();
    }
    if (p.duration) {
      return Number(int64ToBigInt(p.duration.seconds)) * 1000 + (p.duration.nanos ?? 0) / 1e6;
    }
  }
  if (scalar?.noneType) return null;
  if (scalar?.blob)
    return { uri: scalar.blob.uri ?? "", format: scalar.blob.metadata?.type?.format ?? "" };
  if (literal.collection) return (literal.collection.literals ?? []).map(literalJson);
  if (literal.map) {
    // fromEntries defines own properties, so a key named "__proto__" stays a key.
    return Object.fromEntries(
      Object.entries(literal.map.literals ?? {}).map(([key, value]) => [key, literalJson(value)]),
    );
  }
  return null;
}

function pythonFloat(value: number): string {
  if (Number.isNaN(value)) return "nan";
  return value > 0 ? "inf" : "-inf";
}
