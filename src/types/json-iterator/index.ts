export type { JsonLinesCompression } from "./compression.js";
export { describeJsonLines, type JsonLinesSummary } from "./describe.js";
export {
  isJsonIteratorType,
  JSON_ITERATOR_METADATA,
  JSONL_FORMAT,
  type JsonIteratorDescriptor,
  type JsonIteratorOptions,
  jsonIterator,
  jsonIteratorLiteralType,
} from "./descriptor.js";
export { JsonLinesError, type JsonLinesErrorCode } from "./json-lines-error.js";
export type { JsonValue } from "./json-value.js";
export type {
  JsonLinesErrorHandler,
  JsonLinesReadOptions,
  JsonLinesWriteOptions,
} from "./options.js";
export { JsonLines, readJsonLines } from "./read-json-lines.js";
export { stringifyRecord } from "./stringify-record.js";
export { jsonIteratorTransformer } from "./transformer.js";
export { EMPTY_ITERATOR_MESSAGE, writeJsonLines } from "./write-json-lines.js";
