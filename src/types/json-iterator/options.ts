import { COMPRESSIONS, type JsonLinesCompression } from "./compression.js";
import type { LargeIntegers } from "./parse-tolerant.js";

/**
 * What to do with a line that cannot be read as a record: a line that is not
 * JSON, not UTF-8, blank while blank lines are not skipped, or holding a
 * large integer while those are refused.
 *
 * - `"raise"` (the default) ends the iteration with a `FormatError`;
 * - `"skip"` drops the line and goes on;
 * - a function is called with the 1-based line number, the line's text and
 *   the error, and the line is dropped; throw from it to stop.
 *
 * A line longer than `maxLineBytes` always raises: the limit guards memory,
 * it is not a judgement on one record.
 */
export type JsonLinesErrorHandler =
  | "raise"
  | "skip"
  | ((lineNumber: number, rawText: string, error: Error) => void);

/** How a JSON iterator's file is read. Every option has a default. */
export interface JsonLinesReadOptions {
  /** Bad-line policy; default `"raise"`. */
  readonly onError?: JsonLinesErrorHandler;
  /** Longest line accepted, in bytes, excluding its line break; default 64 MiB. */
  readonly maxLineBytes?: number;
  /**
   * Skip empty and whitespace-only lines instead of treating them as errors
   * (code `empty_line`). Default `false`: a blank line in the middle of a
   * file usually means a broken producer, and Python's `jsonlines` (which
   * flytekit reads with) refuses it too.
   */
  readonly skipBlankLines?: boolean;
  /**
   * Integers beyond ±(2^53 − 1), which a `number` would round: `"bigint"`
   * (the default) reads them as exact `bigint`s, as Python reads them as
   * ints; `"error"` treats a line holding one as a bad line (code
   * `large_integer`, naming the line and the integer), for consumers that
   * want plain numbers only. Never a rounded value.
   */
  readonly largeIntegers?: LargeIntegers;
}

/** The read options with every default filled in. */
export type ResolvedReadOptions = Required<JsonLinesReadOptions>;

export const DEFAULT_READ_OPTIONS: ResolvedReadOptions = Object.freeze({
  onError: "raise",
  maxLineBytes: 64 * 1024 * 1024,
  skipBlankLines: false,
  largeIntegers: "bigint",
});

const LARGE_INTEGERS: readonly string[] = ["bigint", "error"];

/** Merges `options` over the defaults, checking the limit. */
export function resolveReadOptions(options: JsonLinesReadOptions = {}): ResolvedReadOptions {
  const maxLineBytes = options.maxLineBytes ?? DEFAULT_READ_OPTIONS.maxLineBytes;
  if (!Number.isSafeInteger(maxLineBytes) || maxLineBytes < 1) {
    throw new RangeError(`maxLineBytes must be a positive integer, got ${String(maxLineBytes)}`);
  }
  const largeIntegers = options.largeIntegers ?? DEFAULT_READ_OPTIONS.largeIntegers;
  if (!LARGE_INTEGERS.includes(largeIntegers)) {
    throw new RangeError(`largeIntegers must be "bigint" or "error", got ${String(largeIntegers)}`);
  }
  return {
    onError: options.onError ?? DEFAULT_READ_OPTIONS.onError,
    maxLineBytes,
    skipBlankLines: options.skipBlankLines ?? DEFAULT_READ_OPTIONS.skipBlankLines,
    largeIntegers,
  };
}

/** How a JSON iterator's file is written. */
export interface JsonLinesWriteOptions {
  /**
   * `"gzip"` compresses the file (named `data.jsonl.gz` in a task output);
   * default `"none"`. Readers here detect gzip by its first bytes; Python
   * reads it with `gzip.open`, but flytekit's own JSON iterator reader does
   * not decompress, so keep the default for outputs a Python flytekit task
   * consumes.
   */
  readonly compression?: JsonLinesCompression;
}

/** The write options with every default filled in, checked. */
export function resolveWriteOptions(
  options: JsonLinesWriteOptions = {},
): Required<JsonLinesWriteOptions> {
  const compression = options.compression ?? "none";
  if (!COMPRESSIONS.includes(compression)) {
    throw new RangeError(
      `compression must be ${COMPRESSIONS.map((c) => `"${c}"`).join(" or ")}, got ${String(compression)}`,
    );
  }
  return { compression };
}
