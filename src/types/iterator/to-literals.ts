import type { TransformContext } from "../../engine/context.js";
import type { AnyDescriptor } from "../../engine/descriptor.js";
import type { ILiteral } from "../../model/flyteidl.js";
import { isAsyncIterable, isSyncIterable } from "./iterables.js";
import { elementContext } from "./lazy-iterator.js";

/**
 * Element conversions in flight at once: enough to overlap blob uploads,
 * few enough that a long generator is not drained into memory ahead of them.
 */
const IN_FLIGHT = 16;

/**
 * Converts every element of a sync or async iterable into a literal through
 * the engine, each labelled with its index (`output o0[3]`) so that an error
 * names the element. Stops reading the source at the first failure. Returns
 * `undefined` when `source` is not iterable.
 */
export async function toCollectionLiterals(
  ctx: TransformContext,
  source: unknown,
  item: AnyDescriptor,
): Promise<ILiteral[] | undefined> {
  const pending: Promise<ILiteral>[] = [];
  const convert = async (value: unknown): Promise<void> => {
    const index = pending.length;
    const literal = ctx.engine.toLiteral(elementContext(ctx, index), value, item);
    // Handled later by the await below; this stops an early failure counting as unhandled.
    literal.catch(() => undefined);
    pending.push(literal);
    // Wait for the oldest conversion once the window is full; a failure ends the loop.
    if (index >= IN_FLIGHT) await pending[index - IN_FLIGHT];
  };

  if (isAsyncIterable(source)) {
    for await (const value of source) await convert(value);
  } else if (isSyncIterable(source)) {
    for (const value of source) await convert(value);
  } else {
    return undefined;
  }
  return Promise.all(pending);
}
