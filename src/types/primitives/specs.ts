import type { ILiteral } from "../../model/flyteidl.js";
import {
  booleanLiteral,
  datetimeLiteral,
  durationLiteral,
  floatLiteral,
  int64ToBigInt,
  integerLiteral,
  noneLiteral,
  stringLiteral,
} from "../../model/literals.js";
import { formatLiteral } from "../../model/print.js";
import {
  describeValue,
  primitiveOf,
  reject,
  type ScalarSpec,
  SimpleType,
} from "./scalar-transformer.js";

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

function other(literal: ILiteral) {
  return reject(formatLiteral(literal, 80));
}

/** Flyte integers are int64; values beyond 2^53 need `bigint` to stay exact. */
export const intSpec: ScalarSpec<number> = {
  kind: "int",
  name: "an integer",
  simple: SimpleType.INTEGER,
  encode(value) {
    if (typeof value === "number" && Number.isSafeInteger(value)) return integerLiteral(value);
    if (typeof value === "bigint" && value >= INT64_MIN && value <= INT64_MAX) {
      return integerLiteral(value);
    }
    if (typeof value === "bigint") return reject(`${value}, outside the int64 range`);
    if (typeof value === "number" && Number.isInteger(value)) {
      return reject(`${value}, beyond 2^53 where numbers are no longer exact (pass a bigint)`);
    }
    return reject(describeValue(value));
  },
  decode(literal) {
    const primitive = primitiveOf(literal);
    // As flytekit does: a float literal holding a whole number is accepted
    // (Flyte Console and JSON-based clients send integers as floats).
    if (typeof primitive?.floatValue === "number" && Number.isSafeInteger(primitive.floatValue)) {
      return { value: primitive.floatValue };
    }
    const raw = primitive?.integer;
    if (raw === null || raw === undefined) return other(literal);
    const exact = int64ToBigInt(raw);
    const value = Number(exact);
    if (!Number.isSafeInteger(value))
      return reject(`${exact}, which a JavaScript number cannot hold exactly`);
    return { value };
  },
};

export const floatSpec: ScalarSpec<number> = {
  kind: "float",
  name: "a float",
  simple: SimpleType.FLOAT,
  encode: (value) =>
    typeof value === "number" ? floatLiteral(value) : reject(describeValue(value)),
  decode(literal) {
    const primitive = primitiveOf(literal);
    if (typeof primitive?.floatValue === "number") return { value: primitive.floatValue };
    // As flytekit does: an integer literal is a valid float input.
    if (primitive?.integer !== null && primitive?.integer !== undefined) {
      return { value: Number(int64ToBigInt(primitive.integer)) };
    }
    return other(literal);
  },
};

export const stringSpec: ScalarSpec<string> = {
  kind: "string",
  name: "a string",
  simple: SimpleType.STRING,
  encode: (value) =>
    typeof value === "string" ? stringLiteral(value) : reject(describeValue(value)),
  decode(literal) {
    const primitive = primitiveOf(literal);
    if (typeof primitive?.stringValue === "string") return { value: primitive.stringValue };
    return other(literal);
  },
};

export const booleanSpec: ScalarSpec<boolean> = {
  kind: "boolean",
  name: "a boolean",
  simple: SimpleType.BOOLEAN,
  encode: (value) =>
    typeof value === "boolean" ? booleanLiteral(value) : reject(describeValue(value)),
  decode(literal) {
    const primitive = primitiveOf(literal);
    if (typeof primitive?.boolean === "boolean") return { value: primitive.boolean };
    return other(literal);
  },
};

export const datetimeSpec: ScalarSpec<Date> = {
  kind: "datetime",
  name: "a datetime",
  simple: SimpleType.DATETIME,
  encode(value) {
    if (value instanceof Date && !Number.isNaN(value.getTime())) return datetimeLiteral(value);
    return reject(describeValue(value));
  },
  decode(literal) {
    const datetime = primitiveOf(literal)?.datetime;
    if (!datetime) return other(literal);
    const ms =
      Number(int64ToBigInt(datetime.seconds)) * 1000 +
      Math.floor((datetime.nanos ?? 0) / 1_000_000);
    return { value: new Date(ms) };
  },
  show: (value) => value.toISOString(),
};

/** Durations are milliseconds, like the differences of `Date` values. */
export const durationSpec: ScalarSpec<number> = {
  kind: "duration",
  name: "a duration in milliseconds",
  simple: SimpleType.DURATION,
  encode: (value) =>
    typeof value === "number" && Number.isFinite(value)
      ? durationLiteral(value)
      : reject(describeValue(value)),
  decode(literal) {
    const duration = primitiveOf(literal)?.duration;
    if (!duration) return other(literal);
    return {
      value: Number(int64ToBigInt(duration.seconds)) * 1000 + (duration.nanos ?? 0) / 1_000_000,
    };
  },
  show: (value) => `${value} ms`,
};

export const noneSpec: ScalarSpec<null> = {
  kind: "none",
  name: "none",
  simple: SimpleType.NONE,
  encode: (value) =>
    value === null || value === undefined ? noneLiteral() : reject(describeValue(value)),
  decode: (literal) => (literal.scalar?.noneType ? { value: null } : other(literal)),
};
