import type { ILiteral, ILiteralMap, ILiteralType } from "../model/flyteidl.js";
import { describeLiteralType } from "../model/literal-types.js";
import { blobUris } from "../model/literals.js";
import { errorContext, labelError, type TransformContext, where, withVariable } from "./context.js";
import type { AnyDescriptor, DescriptorMap } from "./descriptor.js";
import { describeError, FlytekitError, TypeMismatchError, UnknownTypeError } from "./errors.js";
import type { TypeLookup, TypeTransformer } from "./transformer.js";

/**
 * Finds the transformer for each descriptor and converts values and whole
 * input or output maps. Transformers are keyed by descriptor kind; guessing
 * asks each registered transformer in turn, latest registration first, so a
 * user's transformer can claim a literal type before a built-in one.
 */
export class TypeEngine implements TypeLookup {
  readonly #byKind = new Map<string, TypeTransformer>();
  readonly #order: TypeTransformer[] = [];

  /** Registers a transformer; a later registration for the same kind replaces it. */
  register(transformer: TypeTransformer): this {
    const existing = this.#byKind.get(transformer.kind);
    if (existing) this.#order.splice(this.#order.indexOf(existing), 1);
    this.#byKind.set(transformer.kind, transformer);
    this.#order.unshift(transformer);
    return this;
  }

  /** The transformer owning descriptor `d`. */
  transformerFor(d: AnyDescriptor): TypeTransformer {
    const found = this.#byKind.get(d.kind);
    if (!found)
      throw new UnknownTypeError(
        `cannot convert type "${d.kind}": no transformer is registered for it`,
      );
    return found;
  }

  literalType(d: AnyDescriptor): ILiteralType {
    return this.transformerFor(d).literalType(d, this);
  }

  /** A descriptor for a literal type produced elsewhere. */
  guess(type: ILiteralType): AnyDescriptor {
    for (const transformer of this.#order) {
      const guessed = transformer.guess?.(type, this);
      if (guessed) return guessed;
    }
    throw new UnknownTypeError(`cannot guess a type for literal type ${describeLiteralType(type)}`);
  }

  async toLiteral(ctx: TransformContext, value: unknown, d: AnyDescriptor): Promise<ILiteral> {
    const transformer = this.transformerFor(d);
    try {
      return await transformer.toLiteral(ctx, value, d);
    } catch (error) {
      throw labelled(ctx, error, `cannot convert ${transformer.name} to a literal`);
    }
  }

  async toValue<T = unknown>(
    ctx: TransformContext,
    literal: ILiteral,
    d: AnyDescriptor,
  ): Promise<T> {
    const transformer = this.transformerFor(d);
    try {
      return (await transformer.toValue(ctx, literal, d)) as T;
    } catch (error) {
      throw labelled(ctx, error, `cannot convert a literal to ${transformer.name}`);
    }
  }

  /** Converts named values into a LiteralMap, each under its own label. */
  async toLiteralMap(
    ctx: TransformContext,
    values: Readonly<Record<string, unknown>>,
    descriptors: DescriptorMap,
    label: "input" | "output",
  ): Promise<ILiteralMap> {
    const names = Object.keys(descriptors);
    for (const name of Object.keys(values)) {
      if (!Object.hasOwn(descriptors, name)) {
        throw new TypeMismatchError(
          `${where(ctx)}unexpected ${label} "${name}"; declared: ${names.join(", ") || "none"}`,
          errorContext(ctx),
        );
      }
    }
    // allSettled, not all: when one value fails, the others must have
    // finished writing before their blobs are removed and the error reported.
    const settled = await Promise.allSettled(
      names.map(async (name) => {
        const inner = withVariable(ctx, `${label} ${name}`);
        if (!Object.hasOwn(values, name)) {
          throw new TypeMismatchError(`${where(inner)}no value given`, errorContext(inner));
        }
        return [name, await this.toLiteral(inner, values[name], descriptors[name]!)] as const;
      }),
    );
    const failure = settled.find((result) => result.status === "rejected");
    if (failure) {
      const written = settled.flatMap((r) =>
        r.status === "fulfilled" ? blobUris(r.value[1]) : [],
      );
      await Promise.allSettled(written.map((uri) => ctx.files.remove(uri)));
      throw failure.reason;
    }
    return {
      literals: Object.fromEntries(
        settled.map((r) => (r as PromiseFulfilledResult<readonly [string, ILiteral]>).value),
      ),
    };
  }

  /** Converts a LiteralMap into named values, each under its own label. */
  async toValues(
    ctx: TransformContext,
    map: ILiteralMap,
    descriptors: DescriptorMap,
    label: "input" | "output",
  ): Promise<Record<string, unknown>> {
    const literals = map.literals ?? {};
    const names = Object.keys(descriptors);
    const settled = await Promise.allSettled(
      names.map(async (name) => {
        const inner = withVariable(ctx, `${label} ${name}`);
        const literal = Object.hasOwn(literals, name) ? literals[name] : undefined;
        if (!literal) {
          throw new TypeMismatchError(
            `${where(inner)}missing from the literal map`,
            errorContext(inner),
          );
        }
        return [name, await this.toValue(inner, literal, descriptors[name]!)] as const;
      }),
    );
    const failure = settled.find((result) => result.status === "rejected");
    if (failure) {
      // Values already opened (memory-mapped files) are released, not leaked.
      await Promise.allSettled(
        settled.map((r, i) =>
          r.status === "fulfilled"
            ? this.transformerFor(descriptors[names[i]!]!).dispose?.(r.value[1])
            : undefined,
        ),
      );
      throw failure.reason;
    }
    return Object.fromEntries(
      settled.map((r) => (r as PromiseFulfilledResult<readonly [string, unknown]>).value),
    );
  }
}

/**
 * Adds the task and variable to an error that lacks them, keeping its code,
 * so that every message says what was being converted.
 */
function labelled(ctx: TransformContext, error: unknown, fallback: string): FlytekitError {
  if (error instanceof FlytekitError) return labelError(ctx, error);
  const prefix = where(ctx);
  return new TypeMismatchError(`${prefix}${fallback}: ${describeError(error)}`, {
    ...errorContext(ctx),
    cause: error,
  });
}
