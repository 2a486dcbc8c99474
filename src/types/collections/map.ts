import { where, withVariable } from "../../engine/context.js";
import type { AcceptsOf, AnyDescriptor, Descriptor, ValueOf } from "../../engine/descriptor.js";
import { TypeMismatchError } from "../../engine/errors.js";
import { escapeHtml } from "../../engine/html.js";
import type { TypeTransformer } from "../../engine/transformer.js";
import { mapType } from "../../model/literal-types.js";
import { mapLiteral } from "../../model/literals.js";
import { describeValue } from "../primitives/scalar-transformer.js";
import { convertSync } from "./convert-sync.js";

export interface MapDescriptor<T extends AnyDescriptor = AnyDescriptor>
  extends Descriptor<
    Record<string, ValueOf<T>>,
    Readonly<Record<string, AcceptsOf<T>>> | ReadonlyMap<string, AcceptsOf<T>>
  > {
  readonly kind: "map";
  readonly value: T;
}

/** A map from string keys to values of type `value`; received as a plain object. */
export function map<T extends AnyDescriptor>(value: T): MapDescriptor<T> {
  return Object.freeze({ kind: "map", value }) as MapDescriptor<T>;
}

function entriesOf(value: unknown): [string, unknown][] | undefined {
  if (value instanceof Map) {
    const entries = [...value.entries()];
    return entries.every(([key]) => typeof key === "string")
      ? (entries as [string, unknown][])
      : undefined;
  }
  if (
    typeof value === "object" &&
    value !== null &&
    Object.getPrototypeOf(value) === Object.prototype
  ) {
    return Object.entries(value);
  }
  return undefined;
}

export const mapTransformer: TypeTransformer<MapDescriptor> = {
  kind: "map",
  name: "a map",
  literalType: (d, types) => mapType(types.literalType(d.value)),
  async toLiteral(ctx, value, d) {
    const entries = entriesOf(value);
    if (!entries)
      throw new TypeMismatchError(
        `${where(ctx)}expected a plain object or Map with string keys, got ${describeValue(value)}`,
      );
    const converted = await Promise.all(
      entries.map(async ([key, item]) => {
        const inner = withVariable(ctx, `${ctx.variable ?? "value"}[${JSON.stringify(key)}]`);
        return [key, await ctx.engine.toLiteral(inner, item, d.value)] as const;
      }),
    );
    return mapLiteral(Object.fromEntries(converted));
  },
  async toValue(ctx, literal, d) {
    const literals = literal.map?.literals;
    if (!literals) throw new TypeMismatchError(`${where(ctx)}expected a map literal`);
    const converted = await Promise.all(
      Object.entries(literals).map(async ([key, item]) => {
        const inner = withVariable(ctx, `${ctx.variable ?? "value"}[${JSON.stringify(key)}]`);
        return [key, await ctx.engine.toValue(inner, item, d.value)] as const;
      }),
    );
    return Object.fromEntries(converted);
  },
  toValueSync(ctx, literal, d) {
    const literals = literal.map?.literals;
    if (!literals) throw new TypeMismatchError(`${where(ctx)}expected a map literal`);
    return Object.fromEntries(
      Object.entries(literals).map(([key, item]) => {
        const inner = withVariable(ctx, `${ctx.variable ?? "value"}[${JSON.stringify(key)}]`);
        return [key, convertSync(inner, item, d.value)];
      }),
    );
  },
  guess: (type, types) => (type.mapValueType ? map(types.guess(type.mapValueType)) : undefined),
  async toHtml(_ctx, value) {
    return `<code>${escapeHtml(JSON.stringify(value).slice(0, 2000))}</code>`;
  },
};
