// Placeholder until the typed iterator lands.
import type { AnyDescriptor, Descriptor } from "../../engine/descriptor.js";
import type { TypeTransformer } from "../../engine/transformer.js";
import { collectionType } from "../../model/literal-types.js";

export interface IteratorDescriptor<T extends AnyDescriptor = AnyDescriptor>
  extends Descriptor<unknown, unknown> {
  readonly kind: "iterator";
  readonly item: T;
}
export function iterator<T extends AnyDescriptor>(item: T): IteratorDescriptor<T> {
  return Object.freeze({ kind: "iterator", item }) as IteratorDescriptor<T>;
}
export const iteratorTransformer: TypeTransformer<IteratorDescriptor> = {
  kind: "iterator",
  name: "an iterator",
  literalType: (d, types) => collectionType(types.literalType(d.item)),
  toLiteral: async () => {
    throw new Error("not built yet");
  },
  toValue: async () => {
    throw new Error("not built yet");
  },
};
