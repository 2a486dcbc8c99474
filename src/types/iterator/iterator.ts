import type { AcceptsOf, AnyDescriptor, Descriptor, ValueOf } from "../../engine/descriptor.js";
import { TypeMismatchError } from "../../engine/errors.js";
import { escapeHtml } from "../../engine/html.js";
import type { TypeTransformer } from "../../engine/transformer.js";
import { literalTypesEqual } from "../../model/compare.js";
import { collectionType } from "../../model/literal-types.js";
import { collectionLiteral } from "../../model/literals.js";
import { collectionItems } from "../collections/list.js";
import { describeValue } from "../primitives/scalar-transformer.js";
import { LazyIterator, sourceOf } from "./lazy-iterator.js";
import { toCollectionLiterals } from "./to-literals.js";

/** A typed iterator of `item` values: received lazily, accepted from any (async) iterable. */
export interface IteratorDescriptor<T extends AnyDescriptor = AnyDescriptor>
  extends Descriptor<
    LazyIterator<ValueOf<T>>,
    Iterable<AcceptsOf<T>> | AsyncIterable<AcceptsOf<T>>
  > {
  readonly kind: "iterator";
  readonly item: T;
}

/**
 * A sequence of `item` values, as flytekit's `Iterator[T]`. Returned as any
 * iterable or async iterable (a generator, an array), it is materialised into
 * a literal collection, so it suits modest sizes (for big streams of records
 * use `t.jsonIterator()`). Received as a {@link LazyIterator} that converts
 * each element only when reached: walk it with `for await…of` (elements in
 * storage, such as arrays and images, are read a couple ahead), or with plain
 * `for…of` when its elements need no I/O (primitives, lists and maps of them).
 *
 * @example
 * ```ts
 * const squares = task({ name: "squares", inputs: { n: t.int }, outputs: t.iterator(t.int) },
 *   function* ({ n }) { for (let i = 0; i < n; i++) yield i * i; });
 * ```
 */
export function iterator<T extends AnyDescriptor>(item: T): IteratorDescriptor<T> {
  return Object.freeze({ kind: "iterator", item }) as IteratorDescriptor<T>;
}

/** Elements shown in a deck. */
const HTML_PREVIEW_ELEMENTS = 5;

/** Elements shown in a one-line description. */
const DESCRIBE_ELEMENTS = 3;

/** The first `count` elements, converted (and so labelled with their index on failure). */
async function firstElements<V>(value: LazyIterator<V>, count: number): Promise<V[]> {
  const out: V[] = [];
  for (let index = 0; index < Math.min(count, value.length); index++)
    out.push(await value.at(index));
  return out;
}

function countOf(length: number): string {
  return `${length} ${length === 1 ? "element" : "elements"}`;
}

/** Short text of an element whose transformer has no `describe`. */
function show(element: unknown): string {
  if (typeof element === "bigint") return element.toString();
  if (element instanceof Date) return element.toISOString();
  try {
    return JSON.stringify(element) ?? String(element);
  } catch {
    return String(element);
  }
}

/**
 * Typed iterators as literal collections, wire-compatible with flytekit's
 * `IteratorTransformer`: the same `collection_type`, elements converted by
 * their own transformers, and a lazy value with a known length on input.
 */
export const iteratorTransformer: TypeTransformer<IteratorDescriptor> = {
  kind: "iterator",
  name: "an iterator",
  literalType: (d, types) => collectionType(types.literalType(d.item)),

  async toLiteral(ctx, value, d) {
    if (value instanceof LazyIterator) {
      // An input handed on unchanged: its literals already have the right type.
      const source = sourceOf(value);
      const sameType = literalTypesEqual(
        source.ctx.engine.literalType(source.item),
        ctx.engine.literalType(d.item),
      );
      if (sameType) return collectionLiteral([...source.literals]);
    }
    // A string is iterable, but its characters are never what was meant.
    const literals =
      typeof value === "string" ? undefined : await toCollectionLiterals(ctx, value, d.item);
    if (!literals) {
      throw new TypeMismatchError(
        `expected an iterable or async iterable, got ${describeValue(value)}`,
      );
    }
    return collectionLiteral(literals);
  },

  async toValue(ctx, literal, d) {
    return new LazyIterator(ctx, collectionItems(ctx, literal), d.item);
  },

  // Building the lazy value reads nothing, so an iterator of iterators can be walked with for…of.
  toValueSync: (ctx, literal, d) => new LazyIterator(ctx, collectionItems(ctx, literal), d.item),

  // A collection literal type is the same for a list and an iterator; the
  // list transformer claims it, since nothing on the wire says "iterator"
  // and a plain array is what a caller without a declaration expects.
  guess: () => undefined,

  async describe(ctx, value, d) {
    const transformer = ctx.engine.transformerFor(d.item);
    const parts: string[] = [];
    for (const element of await firstElements(value, DESCRIBE_ELEMENTS)) {
      parts.push(
        transformer.describe ? await transformer.describe(ctx, element, d.item) : show(element),
      );
    }
    const more = value.length > parts.length ? ", …" : "";
    const list = parts.length > 0 ? `: ${parts.join(", ")}${more}` : "";
    return `iterator of ${countOf(value.length)}${list}`;
  },

  async toHtml(ctx, value, d) {
    const transformer = ctx.engine.transformerFor(d.item);
    const items: string[] = [];
    for (const element of await firstElements(value, HTML_PREVIEW_ELEMENTS)) {
      const html = transformer.toHtml
        ? await transformer.toHtml(ctx, element, d.item)
        : `<code>${escapeHtml(show(element))}</code>`;
      items.push(`<li>${html}</li>`);
    }
    const rest = value.length - items.length;
    const more = rest > 0 ? `<li>… ${rest} more</li>` : "";
    return `<p>iterator of ${countOf(value.length)}</p><ol>${items.join("")}${more}</ol>`;
  },
};
