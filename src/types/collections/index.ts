export { collectionItems, isIterable, type ListDescriptor, list, listTransformer } from "./list.js";
export { type MapDescriptor, map, mapTransformer } from "./map.js";
