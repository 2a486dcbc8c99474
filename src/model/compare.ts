import type { ILiteral, ILiteralType } from "./flyteidl.js";
import { literalToJson, literalTypeToJson } from "./serialize.js";

/** Deterministic JSON: object keys sorted, so map order does not matter. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, inner: unknown) => {
    if (inner && typeof inner === "object" && !Array.isArray(inner)) {
      const sorted: Record<string, unknown> = {};
      for (const key of Object.keys(inner).sort())
        sorted[key] = (inner as Record<string, unknown>)[key];
      return sorted;
    }
    return inner;
  });
}

/** True when two literals carry the same value (map key order ignored). */
export function literalsEqual(a: ILiteral, b: ILiteral): boolean {
  return canonical(literalToJson(a)) === canonical(literalToJson(b));
}

/** True when two literal types are the same type. */
export function literalTypesEqual(a: ILiteralType, b: ILiteralType): boolean {
  return canonical(literalTypeToJson(a)) === canonical(literalTypeToJson(b));
}
