import { existsSync } from "node:fs";
import type { TransformContext } from "../engine/context.js";
import type { AnyDescriptor } from "../engine/descriptor.js";
import type { ILiteral } from "../model/flyteidl.js";
import { blobLiteral } from "../model/literals.js";
import { schemeOf, toLocalPath } from "../storage/uri.js";
import { parseLine } from "../types/json-iterator/parse-line.js";
import { parseIsoDatetime } from "./parse-datetime.js";
import { UsageError } from "./usage-error.js";

/**
 * Turns the text of one `--<input> <value>` into a literal, as its
 * descriptor says: numbers, strings, booleans, ISO dates, durations, JSON
 * for lists and maps; for blob types (arrays, images, JSON Lines) the text is
 * a path or URI of the file, passed on as a blob literal without reading it,
 * so the task's own conversion validates it and names the input on failure.
 */
export async function parseInput(
  ctx: TransformContext,
  name: string,
  text: string,
  descriptor: AnyDescriptor,
): Promise<ILiteral> {
  const type = ctx.engine.literalType(descriptor);
  if (type.blob) {
    const format = type.blob.format ?? "";
    if (schemeOf(text) === "" || schemeOf(text) === "file") {
      const path = toLocalPath(text);
      if (!existsSync(path))
        throw new UsageError(`cannot read input ${name}: no such file ${text}`);
      return blobLiteral(path, format, type.blob.dimensionality ?? undefined);
    }
    return blobLiteral(text, format, type.blob.dimensionality ?? undefined);
  }
  return ctx.engine.toLiteral(ctx, parseValue(name, text, descriptor), descriptor);
}

function parseValue(name: string, text: string, descriptor: AnyDescriptor): unknown {
  switch (descriptor.kind) {
    case "int":
      if (!/^[+-]?\d+$/.test(text.trim())) throw bad(name, text, "an integer");
      return BigInt(text.trim());
    case "float": {
      const value = parseFloatText(text);
      if (value === undefined) throw bad(name, text, "a number");
      return value;
    }
    case "string":
      return text;
    case "boolean": {
      const lower = text.trim().toLowerCase();
      if (["true", "1", "yes", "y"].includes(lower)) return true;
      if (["false", "0", "no", "n"].includes(lower)) return false;
      throw bad(name, text, "true or false");
    }
    case "datetime": {
      const date = parseIsoDatetime(text);
      if (!date)
        throw bad(name, text, "an ISO 8601 date or datetime, such as 2024-03-07T10:00:00Z");
      return date;
    }
    case "duration": {
      const ms = parseDuration(text);
      if (ms === undefined) throw bad(name, text, "a duration such as 1500ms, 30s, 5m, 2h or 1d");
      return ms;
    }
    case "none":
      return null;
    default:
      return parseJson(name, text);
  }
}

function parseFloatText(text: string): number | undefined {
  const trimmed = text.trim().toLowerCase();
  if (trimmed === "nan") return Number.NaN;
  if (trimmed === "inf" || trimmed === "+inf" || trimmed === "infinity")
    return Number.POSITIVE_INFINITY;
  if (trimmed === "-inf" || trimmed === "-infinity") return Number.NEGATIVE_INFINITY;
  if (trimmed === "" || !/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/.test(trimmed)) return undefined;
  return Number(trimmed);
}

const DURATION_UNITS: Readonly<Record<string, number>> = {
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
};

function parseDuration(text: string): number | undefined {
  const match = /^\s*([+-]?\d+(?:\.\d+)?)\s*(ms|s|m|h|d)?\s*$/.exec(text);
  if (!match) return undefined;
  return Number(match[1]) * DURATION_UNITS[match[2] ?? "ms"]!;
}

/** JSON, with integers beyond 2^53 kept exact as bigint (Python writes them). */
function parseJson(name: string, text: string): unknown {
  try {
    return parseLine(text);
  } catch (error) {
    throw new UsageError(
      `cannot parse input ${name}: ${text.slice(0, 60)} is not JSON (${(error as Error).message})`,
    );
  }
}

function bad(name: string, text: string, expected: string): UsageError {
  return new UsageError(
    `cannot parse input ${name}: expected ${expected}, got ${JSON.stringify(text.slice(0, 60))}`,
  );
}
