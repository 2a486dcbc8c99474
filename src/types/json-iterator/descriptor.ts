import { type Descriptor, descriptor } from "../../engine/descriptor.js";
import type { ILiteralType } from "../../model/flyteidl.js";
import { BlobDimensionality, blobType, literalTypeMetadata } from "../../model/literal-types.js";
import type { JsonValue } from "./json-value.js";
import {
  type JsonLinesReadOptions,
  type JsonLinesWriteOptions,
  resolveReadOptions,
  resolveWriteOptions,
} from "./options.js";
import type { JsonLines } from "./read-json-lines.js";
import type { stringifyRecord } from "./stringify-record.js";

/** Flyte's blob format of a JSON iterator (flytekit's `JSON_ITERATOR_FORMAT`). */
export const JSONL_FORMAT = "jsonl";

/** The literal type's metadata that tells a JSON iterator from other `jsonl` blobs. */
export const JSON_ITERATOR_METADATA = Object.freeze({ format: "json iterator" });

/**
 * A stream of JSON records. `R` is the record type the task expects; records
 * are not checked against it (as with `JSON.parse`).
 */
export interface JsonIteratorDescriptor<R = JsonValue>
  extends Descriptor<JsonLines<R>, Iterable<unknown> | AsyncIterable<unknown>>,
    JsonIteratorOptions {
  readonly kind: "jsonIterator";
}

/** How a JSON iterator is read when received and written when returned. */
export interface JsonIteratorOptions extends JsonLinesReadOptions, JsonLinesWriteOptions {}

/**
 * A stream of JSON values, stored as a JSON Lines blob: written line by line
 * when a task returns any (sync or async) iterable, and received as a
 * {@link JsonLines} that reads line by line in constant memory. The options
 * say how a received file's bad lines and large integers are treated, and
 * whether a returned stream is gzipped. How values JSON has no text for
 * (`bigint`, `NaN`, `undefined`, `Date`) are written is told by
 * {@link stringifyRecord}.
 *
 * @example
 * ```ts
 * const clean = task(
 *   { name: "clean", inputs: { rows: t.jsonIterator() }, outputs: t.jsonIterator() },
 *   async function* ({ rows }) { for await (const row of rows) if (row) yield row; },
 * );
 * ```
 */
export function jsonIterator<R = JsonValue>(
  options: JsonIteratorOptions = {},
): JsonIteratorDescriptor<R> {
  // Fail at declaration, not at the first read or write.
  resolveReadOptions(options);
  resolveWriteOptions(options);
  return descriptor<JsonLines<R>, Iterable<unknown> | AsyncIterable<unknown>, JsonIteratorOptions>(
    "jsonIterator",
    options,
  ) as JsonIteratorDescriptor<R>;
}

/** The literal type of every JSON iterator, as flytekit's `JSONIteratorTransformer` declares it. */
export function jsonIteratorLiteralType(): ILiteralType {
  return blobType(JSONL_FORMAT, BlobDimensionality.SINGLE, JSON_ITERATOR_METADATA);
}

/** True for the literal type flytekit guesses as `Iterator[JSON]`: format, dimensionality and metadata. */
export function isJsonIteratorType(type: ILiteralType): boolean {
  const blob = type.blob;
  if (!blob || blob.format !== JSONL_FORMAT) return false;
  if ((blob.dimensionality ?? BlobDimensionality.SINGLE) !== BlobDimensionality.SINGLE)
    return false;
  const metadata = literalTypeMetadata(type);
  return Object.keys(metadata).length === 1 && metadata.format === JSON_ITERATOR_METADATA.format;
}
