/**
 * Remembers which blob a received `sharp` instance was opened from, so that
 * later errors (a corrupt image noticed only when decoding) can name it.
 */

const origins = new WeakMap<object, string>();

export function rememberOrigin(image: object, uri: string): void {
  origins.set(image, uri);
}

/** The URI an image was opened from, if flytekit-ts opened it. */
export function originOf(image: object): string | undefined {
  return origins.get(image);
}
