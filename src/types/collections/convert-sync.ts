import { errorContext, labelError, type TransformContext, where } from "../../engine/context.js";
import type { AnyDescriptor } from "../../engine/descriptor.js";
import { describeError, FlytekitError, TypeMismatchError } from "../../engine/errors.js";
import type { ILiteral } from "../../model/flyteidl.js";

/** The code of the error raised when a value can only be converted asynchronously. */
export const NEEDS_ASYNC = "needs_async";

/**
 * Converts a literal to the value of descriptor `d` without waiting, through
 * its transformer's `toValueSync`. Errors are labelled as the engine labels
 * them; a type whose transformer has no synchronous conversion (arrays and
 * images are read from storage) fails with code `needs_async`.
 */
export function convertSync<V>(ctx: TransformContext, literal: ILiteral, d: AnyDescriptor): V {
  const transformer = ctx.engine.transformerFor(d);
  if (!transformer.toValueSync) throw needsAsync(ctx, transformer.name);
  try {
    return transformer.toValueSync(ctx, literal, d) as V;
  } catch (error) {
    if (error instanceof FlytekitError) throw labelError(ctx, error);
    throw new TypeMismatchError(
      `${where(ctx)}cannot convert a literal to ${transformer.name}: ${describeError(error)}`,
      { ...errorContext(ctx), cause: error },
    );
  }
}

/** True when values of `d` can be converted without waiting (their transformer offers it). */
export function hasSyncConversion(ctx: TransformContext, d: AnyDescriptor): boolean {
  return ctx.engine.transformerFor(d).toValueSync !== undefined;
}

/** The error for a value of type `typeName` reached where only synchronous conversion works. */
export function needsAsync(ctx: TransformContext, typeName: string): FlytekitError {
  return new FlytekitError(
    NEEDS_ASYNC,
    `${where(ctx)}cannot convert ${typeName} synchronously: it is converted with I/O ` +
      "(read from storage); iterate with for await…of",
    errorContext(ctx),
  );
}
