import { once } from "node:events";
import type { Writable } from "node:stream";
import {
  describeError,
  FlytekitError,
  StorageError,
  TypeMismatchError,
} from "../../engine/errors.js";
import type { FileAccess } from "../../storage/files.js";
import { isAsyncIterable, isSyncIterable } from "../iterator/iterables.js";
import { describeValue } from "../primitives/scalar-transformer.js";
import { gzipSink, plainSink } from "./compression.js";
import { type JsonLinesWriteOptions, resolveWriteOptions } from "./options.js";
import { NotJsonError, stringifyRecord } from "./stringify-record.js";

/** Lines are gathered into chunks of about this many characters before each write. */
const BATCH_CHARS = 64 * 1024;

/** flytekit's wording, kept so that users of both see the same message. */
export const EMPTY_ITERATOR_MESSAGE = "The iterator is empty.";

/**
 * Writes every value of `source` (a sync or async iterable) as one line of
 * JSON into `uri`, streaming: lines are batched into ~64 KiB writes and the
 * writer waits whenever storage asks it to (backpressure), so memory holds
 * one batch, not the file. Values are written as {@link stringifyRecord}
 * describes, readable by Python's `json.loads`.
 *
 * With `compression: "gzip"` the bytes are gzipped on the way (what
 * Python's `gzip.open` reads); the reader recognises them by their first
 * bytes, whatever the name.
 *
 * The blob appears whole once the source ends; if the source is empty (an
 * error, as in flytekit: `The iterator is empty.`), holds a value with no
 * JSON text, or fails, nothing is left behind.
 *
 * @returns the number of records written.
 */
export async function writeJsonLines(
  files: FileAccess,
  uri: string,
  source: unknown,
  signal?: AbortSignal,
  options: JsonLinesWriteOptions = {},
): Promise<number> {
  if (typeof source === "string" || !(isSyncIterable(source) || isAsyncIterable(source))) {
    throw new TypeMismatchError(
      `cannot write ${uri}: expected an iterable of JSON values, got ${describeValue(source)}`,
      { uri },
    );
  }
  const { compression } = resolveWriteOptions(options);
  const write = await files.openWrite(uri, signal);
  const sink = compression === "gzip" ? gzipSink(write.stream) : plainSink(write.stream);
  try {
    const count = await writeLines(sink.stream, source, uri, signal);
    if (count === 0) {
      throw new FlytekitError(
        "empty_iterator",
        `cannot write a JSON iterator: ${EMPTY_ITERATOR_MESSAGE}`,
      );
    }
    await sink.finish().catch((error: unknown) => {
      throw new StorageError("io_error", `cannot write ${uri}: ${describeError(error)}`, {
        uri,
        cause: error,
      });
    });
    await write.commit();
    return count;
  } catch (error) {
    // The first failure is the one worth reporting, not a failed clean-up after it.
    sink.destroy();
    await write.abort().catch(() => undefined);
    throw error;
  }
}

async function writeLines(
  stream: Writable,
  source: Iterable<unknown> | AsyncIterable<unknown>,
  uri: string,
  signal: AbortSignal | undefined,
): Promise<number> {
  let batch = "";
  let count = 0;

  const add = (value: unknown): boolean => {
    batch += `${lineOf(value, count, uri)}\n`;
    count++;
    return batch.length >= BATCH_CHARS;
  };
  const flush = async (): Promise<void> => {
    signal?.throwIfAborted();
    const text = batch;
    batch = "";
    try {
      // An errored stream never drains: check before waiting on it.
      if (stream.errored) throw stream.errored;
      if (stream.destroyed) throw new Error("the write stream was closed");
      if (!stream.write(text)) await once(stream, "drain", signal ? { signal } : {});
    } catch (error) {
      if (signal?.aborted) throw signal.reason;
      throw new StorageError("io_error", `cannot write ${uri}: ${describeError(error)}`, {
        uri,
        cause: error,
      });
    }
  };

  // A plain loop for sync sources: for-await would add a microtask per record.
  if (isAsyncIterable(source)) {
    for await (const value of source) if (add(value)) await flush();
  } else {
    for (const value of source) if (add(value)) await flush();
  }
  if (batch.length > 0) await flush();
  return count;
}

function lineOf(value: unknown, index: number, uri: string): string {
  try {
    return stringifyRecord(value);
  } catch (error) {
    if (!(error instanceof NotJsonError)) throw error;
    throw new TypeMismatchError(`cannot write ${uri}: record ${index} ${error.message}`, {
      uri,
      cause: error,
    });
  }
}
