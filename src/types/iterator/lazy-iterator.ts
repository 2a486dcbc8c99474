import { type TransformContext, withVariable } from "../../engine/context.js";
import type { AnyDescriptor } from "../../engine/descriptor.js";
import type { ILiteral } from "../../model/flyteidl.js";
import { convertSync, hasSyncConversion, needsAsync } from "../collections/convert-sync.js";
import { batchesOf, checkBatchSize } from "./batches.js";
import { readAhead } from "./read-ahead.js";

/** Where a lazy iterator's elements come from; read by the transformer to pass literals through. */
interface Source {
  readonly ctx: TransformContext;
  readonly literals: readonly ILiteral[];
  readonly item: AnyDescriptor;
}

const sources = new WeakMap<LazyIterator<unknown>, Source>();

/**
 * Elements converted ahead of the consumer when they are read from storage
 * (arrays, images): enough to overlap the next read with the consumer's work,
 * few enough that memory holds a handful of elements, not the sequence.
 */
export const READ_AHEAD = 2;

/**
 * The elements of a typed-iterator input, converted only when reached, as
 * flytekit's `FlyteIterator` does. The number of elements is known up front;
 * each loop starts again from the first element.
 *
 * `for await…of` works for every element type. Elements that live in
 * storage (arrays, images) are read {@link READ_AHEAD} elements ahead of the
 * loop, so memory holds a few of them, not all. Elements that need no I/O
 * (primitives, and lists and maps of them) are converted on the spot, and
 * can also be walked with plain `for…of`; for other elements `for…of`
 * throws an error with code `needs_async`.
 *
 * @example
 * ```ts
 * for await (const image of images) await process(image);
 * for (const n of counts) total += n; // t.iterator(t.int)
 * ```
 */
export class LazyIterator<V> implements AsyncIterable<V>, Iterable<V> {
  /** Number of elements. */
  readonly length: number;

  constructor(ctx: TransformContext, literals: readonly ILiteral[], item: AnyDescriptor) {
    this.length = literals.length;
    sources.set(this, { ctx, literals, item });
  }

  [Symbol.asyncIterator](): AsyncIterator<V> {
    const { ctx, item } = sourceOf(this);
    if (hasSyncConversion(ctx, item)) return this.#elementsAsync();
    const transformer = ctx.engine.transformerFor(item);
    const dispose = transformer.dispose?.bind(transformer);
    return readAhead(this.length, READ_AHEAD, (index) => this.at(index), dispose);
  }

  /**
   * Walks the elements synchronously; only for elements that need no I/O.
   * @throws FlytekitError with code `needs_async` (before the first element)
   *   when the element type is read from storage.
   */
  [Symbol.iterator](): Iterator<V> {
    const { ctx, item } = sourceOf(this);
    if (!hasSyncConversion(ctx, item)) {
      throw needsAsync(ctx, ctx.engine.transformerFor(item).name);
    }
    return this.#elementsSync();
  }

  /** Converts and returns element `index` (0-based). */
  async at(index: number): Promise<V> {
    const { ctx, literals, item } = sourceOf(this);
    return ctx.engine.toValue<V>(elementContext(ctx, index), this.#literal(literals, index), item);
  }

  /** Converts every element into an array: convenient, and it holds them all in memory. */
  async toArray(): Promise<V[]> {
    const out: V[] = [];
    for await (const value of this) out.push(value);
    return out;
  }

  /**
   * The elements in arrays of `size` (the last one shorter), for bulk work.
   * Each batch holds its elements in memory; elements are read ahead as in
   * `for await…of`.
   */
  batches(size: number): AsyncIterable<V[]> {
    checkBatchSize(size);
    return { [Symbol.asyncIterator]: () => batchesOf(this, size) };
  }

  async *#elementsAsync(): AsyncGenerator<V> {
    for (let index = 0; index < this.length; index++) yield this.#convertSync(index);
  }

  *#elementsSync(): Generator<V> {
    for (let index = 0; index < this.length; index++) yield this.#convertSync(index);
  }

  #convertSync(index: number): V {
    const { ctx, literals, item } = sourceOf(this);
    return convertSync<V>(elementContext(ctx, index), this.#literal(literals, index), item);
  }

  #literal(literals: readonly ILiteral[], index: number): ILiteral {
    const literal = literals[index];
    if (!Number.isInteger(index) || literal === undefined) {
      throw new RangeError(`index ${index} is outside this iterator of ${this.length} elements`);
    }
    return literal;
  }
}

/** The literals and element descriptor behind a lazy iterator. */
export function sourceOf(iterator: LazyIterator<unknown>): Source {
  const source = sources.get(iterator);
  if (!source) throw new TypeError("not a LazyIterator built by the iterator transformer");
  return source;
}

/** The context for element `index`, labelled `output o0[3]` so errors name the element. */
export function elementContext(ctx: TransformContext, index: number): TransformContext {
  return withVariable(ctx, `${ctx.variable ?? "value"}[${index}]`);
}
