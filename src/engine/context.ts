import type { FileAccess } from "../storage/files.js";
import { FlytekitError } from "./errors.js";
import type { Logger } from "./logger.js";
import type { TypeEngine } from "./type-engine.js";

/**
 * What a transformer gets while converting one value: where blobs live, the
 * engine (for element types), a logger, a cancel signal, and a label naming
 * what is being converted (`task sum, input arr`) for error messages.
 */
export interface TransformContext {
  readonly files: FileAccess;
  readonly engine: TypeEngine;
  readonly logger: Logger;
  readonly signal?: AbortSignal;
  /** Task or workflow name, when converting for one. */
  readonly task?: string;
  /** Input or output being converted, such as `input arr` or `output o0[3]`. */
  readonly variable?: string;
}

/** A copy of `ctx` labelled for a nested value, such as a list element. */
export function withVariable(ctx: TransformContext, variable: string): TransformContext {
  return { ...ctx, variable };
}

/** `task sum, input arr: ` — the prefix every conversion error starts with. */
export function where(ctx: TransformContext): string {
  const parts = [ctx.task ? `task ${ctx.task}` : undefined, ctx.variable].filter(Boolean);
  return parts.length > 0 ? `${parts.join(", ")}: ` : "";
}

/** Error-context fields of `ctx`, for a FlytekitError's options. */
export function errorContext(
  ctx: TransformContext,
  uri?: string,
): { task?: string; variable?: string; uri?: string } {
  const out: { task?: string; variable?: string; uri?: string } = {};
  if (ctx.task !== undefined) out.task = ctx.task;
  if (ctx.variable !== undefined) out.variable = ctx.variable;
  if (uri !== undefined) out.uri = uri;
  return out;
}

/**
 * Gives a FlytekitError that lacks them the task and variable of `ctx`,
 * prefixing its message, and returns it. Lazily read values (JSON Lines,
 * iterators) use it so that an error found on a later read still names the
 * input it came from. Errors already labelled keep the innermost label.
 */
export function labelError<E>(ctx: Pick<TransformContext, "task" | "variable">, error: E): E {
  if (!(error instanceof FlytekitError)) return error;
  if (error.task !== undefined || error.variable !== undefined) return error;
  const prefix = where(ctx as TransformContext);
  if (prefix && !error.message.startsWith(prefix)) error.message = `${prefix}${error.message}`;
  error.task = ctx.task;
  error.variable = ctx.variable;
  return error;
}
