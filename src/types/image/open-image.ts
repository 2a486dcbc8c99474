/**
 * The receiving side of `t.image()`: a blob literal becomes a `sharp`
 * instance over the file, opened lazily, after the file's headers have been
 * checked so that a task never receives something it cannot decode.
 */
import type { Sharp } from "sharp";
import { errorContext, type TransformContext, where } from "../../engine/context.js";
import { TypeMismatchError } from "../../engine/errors.js";
import type { ILiteral } from "../../model/flyteidl.js";
import { blobUri } from "../../model/literals.js";
import type { ImageOptions } from "./descriptor.js";
import { rememberOrigin } from "./image-origin.js";
import { loadSharp } from "./load-sharp.js";
import { localCopy } from "./local-copy.js";
import { validateImageFile } from "./validate-image.js";

export async function openImage(
  ctx: TransformContext,
  literal: ILiteral,
  options: ImageOptions,
): Promise<Sharp> {
  const uri = blobUri(literal);
  if (uri === undefined) {
    throw new TypeMismatchError(
      `${where(ctx)}cannot read image: expected a blob literal with a URI`,
      errorContext(ctx),
    );
  }
  const sharp = await loadSharp();
  const path = await localCopy(ctx, uri);
  await validateImageFile(sharp, path, uri, options.maxPixels);

  // ignoreIcc: pixels stay as stored, as Pillow gives them; no colour management.
  const image = sharp(path, { limitInputPixels: options.maxPixels, ignoreIcc: true });
  rememberOrigin(image, uri, path, ctx);
  return image;
}
