import { type TransformContext, withVariable } from "../../engine/context.js";
import type { AnyDescriptor } from "../../engine/descriptor.js";
import type { ILiteral } from "../../model/flyteidl.js";

/** Where a lazy iterator's elements come from; read by the transformer to pass literals through. */
interface Source {
  readonly ctx: TransformContext;
  readonly literals: readonly ILiteral[];
  readonly item: AnyDescriptor;
}

const sources = new WeakMap<LazyIterator<unknown>, Source>();

/**
 * The elements of a typed-iterator input, converted only when reached, as
 * flytekit's `FlyteIterator` does. The number of elements is known up front;
 * each `for await` starts again from the first element.
 *
 * @example
 * ```ts
 * for await (const image of images) await process(image);
 * ```
 */
export class LazyIterator<V> implements AsyncIterable<V> {
  /** Number of elements. */
  readonly length: number;

  constructor(ctx: TransformContext, literals: readonly ILiteral[], item: AnyDescriptor) {
    this.length = literals.length;
    sources.set(this, { ctx, literals, item });
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<V> {
    for (let index = 0; index < this.length; index++) yield await this.at(index);
  }

  /** Converts and returns element `index` (0-based). */
  async at(index: number): Promise<V> {
    const { ctx, literals, item } = sourceOf(this);
    const literal = literals[index];
    if (!Number.isInteger(index) || literal === undefined) {
      throw new RangeError(`index ${index} is outside this iterator of ${this.length} elements`);
    }
    return ctx.engine.toValue<V>(elementContext(ctx, index), literal, item);
  }

  /** Converts every element into an array: convenient, and it holds them all in memory. */
  async toArray(): Promise<V[]> {
    const out: V[] = [];
    for await (const value of this) out.push(value);
    return out;
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
