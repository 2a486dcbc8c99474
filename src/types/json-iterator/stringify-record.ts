/** 16 digits in a row, spelt out because V8 scans a fixed-length pattern fastest. */
const SIXTEEN_DIGITS = /\d\d\d\d\d\d\d\d\d\d\d\d\d\d\d\d/;

/**
 * One record as one line of JSON that Python's `json.loads` reads back to the
 * same value.
 *
 * It writes what `JSON.stringify` writes, except where that would lose data
 * silently or fail:
 * - `NaN`, `Infinity` and `-Infinity` are written as the bare tokens Python's
 *   `json.dumps` writes (and reads), never as `null`;
 * - a `bigint` is written as its exact decimal digits (Python reads an int),
 *   while a `number` holding an integer beyond ±(2^53 − 1) gets a `.0`, so
 *   that it reads back as the same float, not as an int;
 * - `undefined`, functions and symbols become `null` in arrays and are left
 *   out of objects; a `Date` becomes its ISO string through `toJSON`; a
 *   `Map` or `Set` becomes `{}` — all as `JSON.stringify` does;
 * - `-0` is written as `0`, as `JSON.stringify` does.
 *
 * Throws {@link NotJsonError} for a record that has no JSON text (a top-level
 * `undefined`, function or symbol) or refers to itself.
 */
export function stringifyRecord(value: unknown): string {
  let text: string | undefined;
  try {
    text = JSON.stringify(value);
  } catch {
    // A bigint (TypeError) or a cycle: the exact path writes the first and names the second.
    return stringifyExact(value);
  }
  if (text === undefined) throw new NotJsonError(`${describeKind(value)} has no JSON text`);
  // JSON.stringify writes NaN and ±Infinity as null, so only a text with a null can hide
  // one; and only a text with 16 digits in a row can hold an integer beyond 2^53.
  return text.includes("null") || SIXTEEN_DIGITS.test(text) ? stringifyExact(value) : text;
}

/** A record that cannot be written as JSON. */
export class NotJsonError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "NotJsonError";
  }
}

/** The slow path: the same walk as JSON.stringify, writing numbers the Python way. */
function stringifyExact(record: unknown): string {
  const ancestors = new Set<object>();

  function write(key: string, input: unknown): string | undefined {
    let value = input;
    if (hasToJson(value)) value = value.toJSON(key);
    if (value instanceof Number || value instanceof String || value instanceof Boolean) {
      value = value.valueOf();
    }
    switch (typeof value) {
      case "string":
        return JSON.stringify(value);
      case "number":
        return numberText(value);
      case "bigint":
        return value.toString();
      case "boolean":
        return value ? "true" : "false";
      case "object":
        if (value === null) return "null";
        return container(value);
      default:
        return undefined;
    }
  }

  function container(value: object): string {
    if (ancestors.has(value)) throw new NotJsonError(`${describeKind(value)} contains itself`);
    ancestors.add(value);
    let text: string;
    if (Array.isArray(value)) {
      // A loop, not map(): map skips the holes of a sparse array, which JSON.stringify writes as null.
      const parts: string[] = [];
      for (let index = 0; index < value.length; index++) {
        parts.push(write(String(index), value[index]) ?? "null");
      }
      text = `[${parts.join(",")}]`;
    } else {
      const parts: string[] = [];
      for (const key of Object.keys(value)) {
        const item = write(key, (value as Record<string, unknown>)[key]);
        if (item !== undefined) parts.push(`${JSON.stringify(key)}:${item}`);
      }
      text = `{${parts.join(",")}}`;
    }
    ancestors.delete(value);
    return text;
  }

  const text = write("", record);
  if (text === undefined) throw new NotJsonError(`${describeKind(record)} has no JSON text`);
  return text;
}

/** Python's spelling of the non-finite floats; finite numbers as JSON.stringify writes them. */
function numberText(value: number): string {
  if (Number.isFinite(value)) {
    const text = JSON.stringify(value);
    // Plain digits would read back as an int (a bigint here); a float stays a float.
    return Number.isSafeInteger(value) || /[.e]/.test(text) ? text : `${text}.0`;
  }
  if (Number.isNaN(value)) return "NaN";
  return value > 0 ? "Infinity" : "-Infinity";
}

function hasToJson(value: unknown): value is { toJSON(key: string): unknown } {
  return (
    ((typeof value === "object" && value !== null) || typeof value === "bigint") &&
    typeof (value as { toJSON?: unknown }).toJSON === "function"
  );
}

function describeKind(value: unknown): string {
  if (value === undefined) return "undefined";
  if (typeof value === "function") return "a function";
  if (typeof value === "symbol") return "a symbol";
  if (Array.isArray(value)) return "an array";
  return "an object";
}
