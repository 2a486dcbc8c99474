/**
 * Remembers which blob a received `sharp` instance was opened from (and the
 * local file holding it), so that later errors can name the blob and palette
 * indices can be read from the file.
 */

import type { TransformContext } from "../../engine/context.js";

interface Origin {
  readonly uri: string;
  readonly path: string;
  /** The task and input the image was handed to, for errors found later. */
  readonly label?: ErrorLabel;
}

export type ErrorLabel = Pick<TransformContext, "task" | "variable">;

const origins = new WeakMap<object, Origin>();

export function rememberOrigin(image: object, uri: string, path: string, label?: ErrorLabel): void {
  origins.set(image, label ? { uri, path, label } : { uri, path });
}

/** The task and input an image was received as, if flytekit-ts opened it. */
export function originLabel(image: object): ErrorLabel | undefined {
  return origins.get(image)?.label;
}

/** The URI an image was opened from, if flytekit-ts opened it. */
export function originOf(image: object): string | undefined {
  return origins.get(image)?.uri;
}

/** The local file an image was opened from, if flytekit-ts opened it. */
export function originPath(image: object): string | undefined {
  return origins.get(image)?.path;
}
