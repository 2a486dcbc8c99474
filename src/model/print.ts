import type { ILiteral } from "./flyteidl.js";
import { literalToJson } from "./serialize.js";

/** One-line text of a literal for logs and messages, truncated to `limit` characters. */
export function formatLiteral(literal: ILiteral, limit = 200): string {
  const text = JSON.stringify(literalToJson(literal));
  return text.length <= limit ? text : `${text.slice(0, limit - 1)}…`;
}
