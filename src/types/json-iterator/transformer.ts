import { describeError, StorageError, TypeMismatchError } from "../../engine/errors.js";
import { escapeHtml } from "../../engine/html.js";
import type { TypeTransformer } from "../../engine/transformer.js";
import { blobLiteral, blobUri } from "../../model/literals.js";
import { describeJsonLines, showRecord } from "./describe.js";
import {
  isJsonIteratorType,
  JSONL_FORMAT,
  type JsonIteratorDescriptor,
  jsonIterator,
  jsonIteratorLiteralType,
} from "./descriptor.js";
import { JsonLines } from "./read-json-lines.js";
import { recordsHtml } from "./records-html.js";
import { writeJsonLines } from "./write-json-lines.js";

/**
 * flytekit writes to a random local path without an extension; any name
 * works for readers, so ours says what the file holds.
 */
const BLOB_FILE_NAME = "data.jsonl";

/** Records the CLI prints under the count. */
const CLI_PREVIEW_RECORDS = 3;

function shorten(text: string, limit: number): string {
  return text.length > limit ? `${text.slice(0, limit)}…` : text;
}

/** Records shown in a deck. */
const HTML_PREVIEW_RECORDS = 5;

/**
 * JSON iterators as JSON Lines blobs, wire-compatible with flytekit's
 * `JSONIteratorTransformer`: same literal type (format `jsonl`, metadata
 * `{"format": "json iterator"}`), one JSON value a line, and an empty
 * iterator refused with flytekit's message.
 */
export const jsonIteratorTransformer: TypeTransformer<JsonIteratorDescriptor> = {
  kind: "jsonIterator",
  name: "a JSON iterator",
  literalType: () => jsonIteratorLiteralType(),

  async toLiteral(ctx, value, d) {
    const gzip = d.compression === "gzip";
    const uri = ctx.files.newBlobUri(gzip ? `${BLOB_FILE_NAME}.gz` : BLOB_FILE_NAME);
    await writeJsonLines(ctx.files, uri, value, ctx.signal, d);
    return blobLiteral(uri, JSONL_FORMAT);
  },

  async toValue(ctx, literal, d) {
    const uri = blobUri(literal);
    if (!uri) throw new TypeMismatchError("expected a blob literal holding a JSON Lines file");
    // flytekit does not check the format either (older versions wrote "JSONL"); say so, then read.
    const format = literal.scalar?.blob?.metadata?.type?.format;
    if (format && format.toLowerCase() !== JSONL_FORMAT) {
      ctx.logger.warn(`reading ${uri} as JSON Lines although its blob format is "${format}"`);
    }
    // Fail here, as flytekit's open() does, rather than at the consumer's first read.
    if ((await ctx.files.size(uri, ctx.signal)) === undefined) {
      throw new StorageError("not_found", `cannot read ${uri}: no such file or object`, { uri });
    }
    return new JsonLines(ctx.files, uri, d, ctx.signal, ctx);
  },

  guess: (type) => (isJsonIteratorType(type) ? jsonIterator() : undefined),

  async describe(_ctx, value) {
    const summary = await describeJsonLines(value, { keep: CLI_PREVIEW_RECORDS });
    const noun = summary.count === 1 ? "record" : "records";
    const rows = summary.first.map((record) => `\n${shorten(showRecord(record), 200)}`);
    const more = summary.count > summary.first.length ? "\n…" : "";
    return `${summary.count} ${noun}${rows.join("")}${more}`;
  },

  async toHtml(_ctx, value) {
    const shown: unknown[] = [];
    let note = "";
    try {
      for await (const record of value) {
        if (shown.length === HTML_PREVIEW_RECORDS) {
          note = "…";
          break;
        }
        shown.push(record);
      }
    } catch (error) {
      note = `cannot read further: ${describeError(error)}`;
    }
    return `<p>JSON Lines <code>${escapeHtml(value.uri)}</code></p>${recordsHtml(shown, note)}`;
  },
};
