/**
 * Remembers which blob a received `sharp` instance was opened from (and the
 * local file holding it), so that later errors can name the blob and palette
 * indices can be read from the file.
 */

interface Origin {
  readonly uri: string;
  readonly path: string;
}

const origins = new WeakMap<object, Origin>();

export function rememberOrigin(image: object, uri: string, path: string): void {
  origins.set(image, { uri, path });
}

/** The URI an image was opened from, if flytekit-ts opened it. */
export function originOf(image: object): string | undefined {
  return origins.get(image)?.uri;
}

/** The local file an image was opened from, if flytekit-ts opened it. */
export function originPath(image: object): string | undefined {
  return origins.get(image)?.path;
}
