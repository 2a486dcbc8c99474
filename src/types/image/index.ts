// Placeholder until the image transformer lands.
import { type Descriptor, descriptor } from "../../engine/descriptor.js";
import type { TypeTransformer } from "../../engine/transformer.js";
import { blobType } from "../../model/literal-types.js";

export interface ImageDescriptor extends Descriptor<unknown, unknown> {
  readonly kind: "image";
}
export function image(): ImageDescriptor {
  return descriptor<unknown, unknown>("image") as ImageDescriptor;
}
export const imageTransformer: TypeTransformer<ImageDescriptor> = {
  kind: "image",
  name: "an image",
  literalType: () => blobType("PIL.Image"),
  toLiteral: async () => {
    throw new Error("not built yet");
  },
  toValue: async () => {
    throw new Error("not built yet");
  },
};
