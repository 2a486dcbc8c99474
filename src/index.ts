/**
 * flytekit-ts: Flyte tasks in TypeScript over native values — NumPy arrays,
 * images, typed iterators and JSON Lines streams — serialised as Flyte
 * literals and blobs, byte-compatible with Python flytekit.
 *
 * @packageDocumentation
 */

export {
  type AcceptedOf,
  type AcceptsOf,
  type AnyDescriptor,
  type Descriptor,
  type DescriptorMap,
  describeError,
  descriptor,
  type ErrorContext,
  escapeHtml,
  FlytekitError,
  FormatError,
  isFlytekitError,
  type Logger,
  StorageError,
  silentLogger,
  TaskError,
  type TransformContext,
  TypeEngine,
  type TypeLookup,
  TypeMismatchError,
  type TypeTransformer,
  UnknownTypeError,
  type ValueOf,
  type ValuesOf,
} from "./engine/index.js";
export {
  createRunContext,
  DATA_DIR_ENV,
  type Execution,
  execute,
  executeLiterals,
  type OutputSpec,
  type OutputValues,
  RAW_OUTPUT_PREFIX_ENV,
  type RunContext,
  type RunOptions,
  SINGLE_OUTPUT_NAME,
  type Task,
  type TaskOptions,
  task,
  type Workflow,
  type WorkflowOptions,
  workflow,
} from "./runtime/index.js";
export { FileAccess, type StorageBackend } from "./storage/index.js";
export { createTypeEngine, defaultEngine } from "./types/default-engine.js";
export { LazyIterator } from "./types/iterator/index.js";
export {
  describeJsonLines,
  JsonLines,
  JsonLinesError,
  type JsonLinesErrorHandler,
  type JsonLinesReadOptions,
  type JsonValue,
  readJsonLines,
  writeJsonLines,
} from "./types/json-iterator/index.js";
export { NDArray } from "./types/ndarray/ndarray.js";
export { t } from "./types/t.js";
