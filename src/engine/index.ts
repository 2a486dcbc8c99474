export { errorContext, labelError, type TransformContext, where, withVariable } from "./context.js";
export {
  type AcceptedOf,
  type AcceptsOf,
  type AnyDescriptor,
  type Descriptor,
  type DescriptorMap,
  descriptor,
  type ValueOf,
  type ValuesOf,
} from "./descriptor.js";
export {
  describeError,
  type ErrorContext,
  FlytekitError,
  type FlytekitErrorOptions,
  FormatError,
  isFlytekitError,
  StorageError,
  TaskError,
  TypeMismatchError,
  UnknownTypeError,
} from "./errors.js";
export { escapeHtml } from "./html.js";
export { type Logger, silentLogger } from "./logger.js";
export type { TypeLookup, TypeTransformer } from "./transformer.js";
export { TypeEngine } from "./type-engine.js";
