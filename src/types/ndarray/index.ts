// Placeholder until the .npy codec lands; replaced by the ndarray work.
import { type Descriptor, descriptor } from "../../engine/descriptor.js";
import type { TypeTransformer } from "../../engine/transformer.js";
import { blobType } from "../../model/literal-types.js";

export interface NDArrayOptions {
  readonly allowPickle?: boolean;
  readonly mmapMode?: "r" | "r+" | "c" | "w+";
}
export interface NDArrayDescriptor extends Descriptor<unknown, unknown>, NDArrayOptions {
  readonly kind: "ndarray";
}
export function ndarray(options: NDArrayOptions = {}): NDArrayDescriptor {
  return descriptor<unknown, unknown, NDArrayOptions>("ndarray", options) as NDArrayDescriptor;
}
export const ndarrayTransformer: TypeTransformer<NDArrayDescriptor> = {
  kind: "ndarray",
  name: "a numpy array",
  literalType: () => blobType("NumpyArray"),
  toLiteral: async () => {
    throw new Error("not built yet");
  },
  toValue: async () => {
    throw new Error("not built yet");
  },
};
