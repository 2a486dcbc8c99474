/**
 * The error family every part of flytekit-ts throws.
 *
 * Each error carries a stable `code` that tests and callers can switch on, and
 * the context it was raised in (task, input or output name, URI). A
 * `Symbol.for` marker lets {@link isFlytekitError} recognise errors thrown by
 * another copy of this package, where `instanceof` would fail.
 */

const marker = Symbol.for("flytekit-ts.error");

/** Where a failing conversion happened; every field is optional. */
export interface ErrorContext {
  /** Task or workflow name. */
  readonly task?: string;
  /** Input or output name, such as `input arr` or `output o0`. */
  readonly variable?: string;
  /** The file path or URI being read or written. */
  readonly uri?: string;
}

export interface FlytekitErrorOptions extends ErrorContext {
  readonly cause?: unknown;
}

/** Base class of every error flytekit-ts raises on purpose. */
export class FlytekitError extends Error {
  readonly [marker] = true;
  readonly code: string;
  /** Task or workflow name; filled in by the engine when the error passes through it. */
  task: string | undefined;
  /** Input or output name; filled in by the engine when the error passes through it. */
  variable: string | undefined;
  readonly uri: string | undefined;

  constructor(code: string, message: string, options: FlytekitErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.task = options.task;
    this.variable = options.variable;
    this.uri = options.uri;
  }
}

/** True for any flytekit-ts error, even one from another copy of the package. */
export function isFlytekitError(error: unknown): error is FlytekitError {
  return typeof error === "object" && error !== null && marker in error;
}

/** A value does not match the descriptor it is converted with. */
export class TypeMismatchError extends FlytekitError {
  constructor(message: string, options: FlytekitErrorOptions = {}) {
    super("type_mismatch", message, options);
  }
}

/** No transformer is registered for a descriptor or literal type. */
export class UnknownTypeError extends FlytekitError {
  constructor(message: string, options: FlytekitErrorOptions = {}) {
    super("unknown_type", message, options);
  }
}

/** A file or blob is malformed; `code` says how (for example `truncated_data`). */
export class FormatError extends FlytekitError {}

/** Reading or writing storage failed. */
export class StorageError extends FlytekitError {}

/** A task failed; `cause` holds the underlying error. */
export class TaskError extends FlytekitError {
  constructor(message: string, options: FlytekitErrorOptions = {}) {
    super("task_failed", message, options);
  }
}

/** Short text of any thrown value, for use inside another error's message. */
export function describeError(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}
