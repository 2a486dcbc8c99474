export { type IteratorDescriptor, iterator, iteratorTransformer } from "./iterator.js";
export { LazyIterator } from "./lazy-iterator.js";
