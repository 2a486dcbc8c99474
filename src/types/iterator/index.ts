export { type IteratorDescriptor, iterator, iteratorTransformer } from "./iterator.js";
export { LazyIterator, READ_AHEAD } from "./lazy-iterator.js";
