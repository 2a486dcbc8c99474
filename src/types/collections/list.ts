import { type TransformContext, where, withVariable } from "../../engine/context.js";
import type { AcceptsOf, AnyDescriptor, Descriptor, ValueOf } from "../../engine/descriptor.js";
import { TypeMismatchError } from "../../engine/errors.js";
import { escapeHtml } from "../../engine/html.js";
import type { TypeTransformer } from "../../engine/transformer.js";
import type { ILiteral } from "../../model/flyteidl.js";
import { collectionType } from "../../model/literal-types.js";
import { collectionLiteral } from "../../model/literals.js";
import { describeValue } from "../primitives/scalar-transformer.js";
import { convertSync } from "./convert-sync.js";

export interface ListDescriptor<T extends AnyDescriptor = AnyDescriptor>
  extends Descriptor<ValueOf<T>[], Iterable<AcceptsOf<T>>> {
  readonly kind: "list";
  readonly item: T;
}

/** A list whose elements are all of type `item`; received as an array. */
export function list<T extends AnyDescriptor>(item: T): ListDescriptor<T> {
  return Object.freeze({ kind: "list", item }) as ListDescriptor<T>;
}

/** The literals of a collection literal, or an error naming what arrived. */
export function collectionItems(ctx: TransformContext, literal: ILiteral): ILiteral[] {
  const items = literal.collection?.literals;
  if (!items) throw new TypeMismatchError(`${where(ctx)}expected a collection literal`);
  return items;
}

export const listTransformer: TypeTransformer<ListDescriptor> = {
  kind: "list",
  name: "a list",
  literalType: (d, types) => collectionType(types.literalType(d.item)),
  async toLiteral(ctx, value, d) {
    if (typeof value === "string" || !isIterable(value)) {
      throw new TypeMismatchError(`${where(ctx)}expected a list, got ${describeValue(value)}`);
    }
    const items = Array.from(value);
    const literals = await Promise.all(
      items.map((item, index) =>
        ctx.engine.toLiteral(
          withVariable(ctx, `${ctx.variable ?? "value"}[${index}]`),
          item,
          d.item,
        ),
      ),
    );
    return collectionLiteral(literals);
  },
  async toValue(ctx, literal, d) {
    const items = collectionItems(ctx, literal);
    return Promise.all(
      items.map((item, index) =>
        ctx.engine.toValue(withVariable(ctx, `${ctx.variable ?? "value"}[${index}]`), item, d.item),
      ),
    );
  },
  toValueSync(ctx, literal, d) {
    return collectionItems(ctx, literal).map((item, index) =>
      convertSync(withVariable(ctx, `${ctx.variable ?? "value"}[${index}]`), item, d.item),
    );
  },
  guess: (type, types) =>
    type.collectionType ? list(types.guess(type.collectionType)) : undefined,
  async toHtml(_ctx, value) {
    const preview = JSON.stringify(value.slice(0, 20));
    return `<code>${escapeHtml(preview ?? "")}${value.length > 20 ? ` … (${value.length} items)` : ""}</code>`;
  },
};

export function isIterable(value: unknown): value is Iterable<unknown> {
  return typeof value === "object" && value !== null && Symbol.iterator in value;
}
