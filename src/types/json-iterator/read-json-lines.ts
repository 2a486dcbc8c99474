import type { Readable } from "node:stream";
import { labelError, type TransformContext } from "../../engine/context.js";
import { describeError, isFlytekitError, StorageError } from "../../engine/errors.js";
import type { FileAccess } from "../../storage/files.js";
import { checkBatchSize } from "../iterator/batches.js";
import { decompressed } from "./compression.js";
import { JsonLinesError, type JsonLinesErrorCode, linePreview } from "./json-lines-error.js";
import type { JsonValue } from "./json-value.js";
import { LineRecords, SKIP } from "./line-records.js";
import {
  type InvalidUtf8Line,
  type LineBlock,
  LineSplitter,
  type LineTooLong,
} from "./line-splitter.js";
import {
  type JsonLinesReadOptions,
  type ResolvedReadOptions,
  resolveReadOptions,
} from "./options.js";
import { isBlankLine, parseLine } from "./parse-line.js";
import { LargeIntegerError } from "./parse-tolerant.js";
import { RecordIterator } from "./record-iterator.js";

/** The task and variable a stream was received as. */
export type ErrorOrigin = Pick<TransformContext, "task" | "variable">;

/**
 * The records of a JSON Lines blob, read one line at a time in constant
 * memory. Each `for await` opens the blob again and starts from the first
 * record, so the value can be iterated as often as needed; leaving a loop
 * early closes the file.
 *
 * Records decode as Python's `json.loads` would decode each line: `NaN` and
 * `±Infinity` tokens as numbers, integers beyond ±(2^53 − 1) as exact
 * `bigint`s (or a `large_integer` error under `largeIntegers: "error"`),
 * `-0.0` as `-0`. One UTF-8 BOM at the start, CRLF line endings
 * and a missing final newline are accepted, and so is gzip (told by the
 * first bytes, whatever the name). Bad lines end the iteration with
 * a {@link JsonLinesError} unless `onError` says otherwise.
 *
 * Reading keeps pace with orjson (see bench/jsonl-throughput.ts): most
 * lines are parsed in place from the file's bytes by a parser that learns
 * the records' keys, and only the lines it declines (Python's `NaN`, long
 * integers, anything unusual or broken) take the exact path. Records that
 * are kept hold no part of the chunk they were read from. `batches(n)` is
 * quicker still, as it needs no promise per record.
 *
 * @example
 * ```ts
 * for await (const record of lines) console.log(record);
 * ```
 */
export class JsonLines<R = JsonValue> implements AsyncIterable<R> {
  /** The blob's URI. */
  readonly uri: string;
  readonly #files: FileAccess;
  readonly #options: ResolvedReadOptions;
  readonly #signal: AbortSignal | undefined;
  readonly #origin: ErrorOrigin | undefined;

  /**
   * @param origin the task and input this stream was handed to; errors found
   *   while reading name it, even when the reading happens much later.
   */
  constructor(
    files: FileAccess,
    uri: string,
    options?: JsonLinesReadOptions,
    signal?: AbortSignal,
    origin?: ErrorOrigin,
  ) {
    this.uri = uri;
    this.#files = files;
    this.#options = resolveReadOptions(options);
    this.#signal = signal;
    this.#origin = origin;
  }

  [Symbol.asyncIterator](): AsyncIterator<R> {
    return this.#iterator();
  }

  #iterator(): RecordIterator<readonly LineBlock[], R> {
    const origin = this.#origin;
    const records = new LineRecords((line, lineNumber) => this.#decode(line, lineNumber));
    const label = origin ? (error: unknown) => labelError(origin, error) : undefined;
    // Records are not checked against R, as with JSON.parse.
    return new RecordIterator(this.#lineBatches(), records, label) as RecordIterator<
      readonly LineBlock[],
      R
    >;
  }

  /** Every record in an array: convenient for small files, and it holds them all in memory. */
  async toArray(): Promise<R[]> {
    const out: R[] = [];
    for await (const record of this) out.push(record);
    return out;
  }

  /**
   * The records in arrays of `size` (the last one shorter), for bulk work
   * such as inserting into a database; each batch is read as it is needed.
   * Records before a bad line come out in a last, short batch, and the error
   * follows.
   *
   * @example
   * ```ts
   * for await (const rows of records.batches(1000)) await table.insert(rows);
   * ```
   */
  batches(size: number): AsyncIterable<R[]> {
    checkBatchSize(size);
    return { [Symbol.asyncIterator]: () => this.#batches(size) };
  }

  /** Batches taken from the records a chunk at a time, without a promise per record. */
  async *#batches(size: number): AsyncGenerator<R[]> {
    const records = this.#iterator();
    try {
      for (;;) {
        const batch = await records.take(size);
        if (batch.length === 0) return;
        yield batch;
      }
    } finally {
      await records.return();
    }
  }

  /** The file's lines, a chunk's worth at a time; closing it closes the file. */
  async *#lineBatches(): AsyncGenerator<LineBlock[]> {
    const stream = await this.#files.openRead(this.uri, this.#signal);
    const splitter = new LineSplitter(this.#options.maxLineBytes);
    try {
      for await (const chunk of decompressed(chunksOf(stream, this.uri), this.uri)) {
        const lines = splitter.push(chunk);
        if (lines.length > 0) yield lines;
      }
      const last = splitter.end();
      if (last.length > 0) yield last;
    } finally {
      stream.destroy();
    }
  }

  /**
   * One line's record, decoded exactly (the lines the fast parser declines
   * come here), or SKIP; throws what the error policy does not absorb.
   */
  #decode(
    line: string | InvalidUtf8Line | LineTooLong,
    lineNumber: number,
  ): JsonValue | typeof SKIP {
    if (typeof line === "string") {
      try {
        return parseLine(line, this.#options.largeIntegers);
      } catch (error) {
        if (error instanceof LargeIntegerError) {
          const reason =
            `holds the integer ${shortDigits(error.digits)} (column ${error.column}), beyond ` +
            '±(2^53 − 1) where a number would round it, and largeIntegers is "error"';
          return this.#bad(line, this.#error("large_integer", lineNumber, reason, error));
        }
        if (isBlankLine(line)) {
          if (this.#options.skipBlankLines) return SKIP;
          return this.#bad(line, this.#error("empty_line", lineNumber, "is empty"));
        }
        const reason = `is not valid JSON (${describeError(error)}): ${linePreview(line)}`;
        return this.#bad(line, this.#error("invalid_json", lineNumber, reason, error));
      }
    }
    if (line.fault === "invalid_utf8") {
      const text = Buffer.from(line.bytes).toString("utf8");
      return this.#bad(text, this.#error("invalid_utf8", lineNumber, "is not valid UTF-8"));
    }
    throw this.#error(
      "line_too_long",
      lineNumber,
      `is longer than the limit of ${this.#options.maxLineBytes} bytes (option maxLineBytes)`,
    );
  }

  #error(
    code: JsonLinesErrorCode,
    lineNumber: number,
    reason: string,
    cause?: unknown,
  ): JsonLinesError {
    return new JsonLinesError(code, this.uri, lineNumber, reason, cause);
  }

  /** Applies the error policy to a bad line. */
  #bad(rawText: string, error: JsonLinesError): typeof SKIP {
    const policy = this.#options.onError;
    if (policy === "raise") throw error;
    if (policy !== "skip") policy(error.line, rawText, error);
    return SKIP;
  }
}

/** An integer's digits for a message: whole up to 40 digits, else its ends and its length. */
function shortDigits(digits: string): string {
  if (digits.length <= 40) return digits;
  return `${digits.slice(0, 20)}…${digits.slice(-10)} (${digits.length} digits)`;
}

/** The stream's chunks, with a failing read turned into a StorageError that names the URI. */
async function* chunksOf(stream: Readable, uri: string): AsyncGenerator<Buffer> {
  try {
    for await (const chunk of stream) yield chunk as Buffer;
  } catch (error) {
    if (isFlytekitError(error)) throw error;
    throw new StorageError("io_error", `cannot read ${uri}: ${describeError(error)}`, {
      uri,
      cause: error,
    });
  }
}

/**
 * Opens a JSON Lines file or blob for reading: a restartable, streaming
 * iterable of its records.
 */
export function readJsonLines<R = JsonValue>(
  files: FileAccess,
  uri: string,
  options?: JsonLinesReadOptions,
  signal?: AbortSignal,
): JsonLines<R> {
  return new JsonLines<R>(files, uri, options, signal);
}
