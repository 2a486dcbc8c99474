// Placeholder until the JSON Lines iterator lands.
import { type Descriptor, descriptor } from "../../engine/descriptor.js";
import type { TypeTransformer } from "../../engine/transformer.js";
import { blobType } from "../../model/literal-types.js";

export interface JsonIteratorDescriptor extends Descriptor<unknown, unknown> {
  readonly kind: "jsonIterator";
}
export function jsonIterator(): JsonIteratorDescriptor {
  return descriptor<unknown, unknown>("jsonIterator") as JsonIteratorDescriptor;
}
export const jsonIteratorTransformer: TypeTransformer<JsonIteratorDescriptor> = {
  kind: "jsonIterator",
  name: "a JSON iterator",
  literalType: () => blobType("jsonl", undefined, { format: "json iterator" }),
  toLiteral: async () => {
    throw new Error("not built yet");
  },
  toValue: async () => {
    throw new Error("not built yet");
  },
};
