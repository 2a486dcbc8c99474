import { type TransformContext, where } from "../../engine/context.js";
import type { Descriptor } from "../../engine/descriptor.js";
import { TypeMismatchError } from "../../engine/errors.js";
import { escapeHtml } from "../../engine/html.js";
import type { TypeTransformer } from "../../engine/transformer.js";
import type { ILiteral, ILiteralType, IPrimitive } from "../../model/flyteidl.js";
import { SimpleType, simpleType } from "../../model/literal-types.js";
import { primitiveCase } from "../../model/literals.js";

type SimpleTypeValue = (typeof SimpleType)[keyof typeof SimpleType];

/** How one simple type is checked and converted in each direction. */
export interface ScalarSpec<V> {
  readonly kind: string;
  readonly name: string;
  readonly simple: SimpleTypeValue;
  /** The value as a literal, or why it is not acceptable. */
  encode(value: unknown): ILiteral | Rejection;
  /** The value from a literal, or why the literal is not this type. */
  decode(literal: ILiteral): { value: V } | Rejection;
  /** Short text of the value for decks and the CLI. */
  show?(value: V): string;
}

/** Why a value or literal was refused: a description of what arrived. */
export interface Rejection {
  readonly rejected: string;
}

export function reject(what: string): Rejection {
  return { rejected: what };
}

function isRejection(value: unknown): value is Rejection {
  return typeof value === "object" && value !== null && "rejected" in value;
}

/** The part of a primitive literal that is set, if any. */
export function primitiveOf(literal: ILiteral): IPrimitive | undefined {
  const primitive = literal.scalar?.primitive;
  const set = primitiveCase(primitive);
  // Only the member that is set: decoded messages inherit defaults for the others.
  return set && primitive ? { [set]: primitive[set] } : undefined;
}

/** A transformer for one simple type, built from its spec. */
export function scalarTransformer<V>(spec: ScalarSpec<V>): TypeTransformer<Descriptor<V, unknown>> {
  const type: ILiteralType = simpleType(spec.simple);
  // Decoding a primitive needs no I/O, so it is offered without waiting too.
  const toValueSync = (ctx: TransformContext, literal: ILiteral): V => {
    const decoded = spec.decode(literal);
    if (isRejection(decoded)) {
      throw new TypeMismatchError(
        `${where(ctx)}expected a literal of ${spec.name}, got ${decoded.rejected}`,
      );
    }
    return decoded.value;
  };
  return {
    kind: spec.kind,
    name: spec.name,
    literalType: () => type,
    async toLiteral(ctx: TransformContext, value: unknown) {
      const encoded = spec.encode(value);
      if (isRejection(encoded)) {
        throw new TypeMismatchError(`${where(ctx)}expected ${spec.name}, got ${encoded.rejected}`);
      }
      return encoded;
    },
    async toValue(ctx: TransformContext, literal: ILiteral) {
      return toValueSync(ctx, literal);
    },
    toValueSync,
    // Own property only: decoded messages inherit `simple` = NONE for every other kind of type.
    guess: (literalType) =>
      Object.hasOwn(literalType, "simple") && literalType.simple === spec.simple
        ? { kind: spec.kind }
        : undefined,
    async toHtml(_ctx, value) {
      return `<code>${escapeHtml(spec.show ? spec.show(value) : String(value))}</code>`;
    },
    // Types whose JSON would hide the unit (durations) or the form (dates) say it.
    ...(spec.show
      ? { describe: async (_ctx: TransformContext, value: V) => spec.show!(value) }
      : {}),
  };
}

/** Short description of an unexpected value for error messages. */
export function describeValue(value: unknown): string {
  if (value === null) return "null";
  if (value === undefined) return "undefined";
  if (typeof value === "string")
    return `string ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)}`;
  if (typeof value === "number" || typeof value === "boolean" || typeof value === "bigint")
    return `${typeof value} ${String(value)}`;
  const name = (value as object).constructor?.name;
  if (!name || name === "Object") return `an ${typeof value}`;
  return `${/^[AEIOU]/.test(name) ? "an" : "a"} ${name}`;
}

export { SimpleType };
