/**
 * `t.image()`'s transformer: values travel as PNG blobs of Flyte format
 * `PIL.Image`, as Python flytekit's PIL transformer writes and reads them.
 */
import { errorContext, type TransformContext, where } from "../../engine/context.js";
import { TypeMismatchError } from "../../engine/errors.js";
import type { TypeTransformer } from "../../engine/transformer.js";
import { BlobDimensionality, blobType } from "../../model/literal-types.js";
import { blobLiteral } from "../../model/literals.js";
import { describeValue } from "../primitives/scalar-transformer.js";
import { describeImage } from "./describe-image.js";
import { type ImageDescriptor, image, PIL_IMAGE_FORMAT } from "./descriptor.js";
import { encodePixels, encodeSharp } from "./encode-png.js";
import { openImage } from "./open-image.js";
import { encodePalettePng } from "./palette/encode-palette-png.js";
import { checkRawPixels, hasPalette, looksLikeRawPixels } from "./raw-pixels.js";
import { isSharpInstance } from "./sharp-instance.js";
import { imageHtml } from "./to-html.js";

/** PNG bytes of a value a task returned, or a TypeMismatchError saying what it was. */
async function encodeValue(ctx: TransformContext, value: unknown, d: ImageDescriptor) {
  if (isSharpInstance(value)) return encodeSharp(value, d);
  if (looksLikeRawPixels(value)) {
    const checked = checkRawPixels(value);
    if (typeof checked === "string") {
      throw new TypeMismatchError(`${where(ctx)}cannot write image: ${checked}`, errorContext(ctx));
    }
    if (hasPalette(checked)) return encodePalettePng(checked, d.compressionLevel);
    return encodePixels(checked, d);
  }
  throw new TypeMismatchError(
    `${where(ctx)}cannot write image: expected a sharp instance or raw pixels ` +
      `{ data, width, height, channels }, got ${describeValue(value)}`,
    errorContext(ctx),
  );
}

export const imageTransformer: TypeTransformer<ImageDescriptor> = {
  kind: "image",
  name: "an image",
  literalType: () => blobType(PIL_IMAGE_FORMAT),

  async toLiteral(ctx, value, d) {
    const png = await encodeValue(ctx, value, d);
    const uri = ctx.files.newBlobUri("image.png");
    await ctx.files.writeBytes(uri, png, ctx.signal);
    return blobLiteral(uri, PIL_IMAGE_FORMAT);
  },

  toValue: (ctx, literal, d) => openImage(ctx, literal, d),

  guess(type) {
    const blob = type.blob;
    if (!blob || blob.format !== PIL_IMAGE_FORMAT) return undefined;
    return (blob.dimensionality ?? BlobDimensionality.SINGLE) === BlobDimensionality.SINGLE
      ? image()
      : undefined;
  },

  toHtml: (_ctx, value, d) => imageHtml(value, d),

  describe: (_ctx, value) => describeImage(value),
};
