/**
 * Recognises a `sharp` instance that only opens a file or buffer: no
 * operation, colourspace, orientation or metadata request applied. Its
 * pixels are then exactly those its input bytes encode, and another decoder
 * may produce them. Anything not recognised counts as touched, and stays
 * with sharp.
 */
import type { Sharp } from "sharp";
import type { SharpFactory } from "./load-sharp.js";

/** The bytes behind an untouched instance, and the pixel limit it was opened with. */
export type UntouchedInput = (
  | { readonly file: string; readonly buffer?: undefined }
  | { readonly file?: undefined; readonly buffer: Uint8Array }
) & {
  /** Most pixels the image may have. */
  readonly maxPixels: number;
};

/**
 * Input options that change nothing about the pixels of a valid PNG without
 * an ICC profile (`autoOrient` is checked to be false).
 */
const HARMLESS_INPUT = new Set([
  "autoOrient",
  "file",
  "buffer",
  "limitInputPixels",
  "limitInputChannels",
  "ignoreIcc",
  "unlimited",
  "sequentialRead",
  "failOn",
]);

/**
 * sharp's option record with the input left out, as text: two instances
 * whose texts are equal apply the same operations. `formatOut` is left out
 * too, since raw pixels are read whatever output format was chosen.
 */
function operationsText(options: Record<string, unknown>): string {
  const kept = Object.entries(options).filter(
    ([key, value]) => key !== "input" && key !== "formatOut" && typeof value !== "function",
  );
  return JSON.stringify(kept);
}

/** The operations text of an instance fresh from `sharp`, worked out once. */
let freshText: string | undefined;

/**
 * The input of `image` when it is untouched (see above), else `undefined`.
 * `sharp` is the factory to compare with: an instance made by another copy
 * of sharp, whose option record may differ, counts as touched.
 */
export function untouchedInput(image: Sharp, sharp: SharpFactory): UntouchedInput | undefined {
  const options = (image as unknown as { options?: Record<string, unknown> }).options;
  const input = options?.input as Record<string, unknown> | undefined;
  if (options === undefined || typeof input !== "object" || input === null) return undefined;
  if (input.autoOrient !== false) return undefined;
  // A laxer failOn asks sharp to return what it can of a damaged file; only sharp does that.
  if (input.failOn !== undefined && input.failOn !== "warning") return undefined;
  if (!Object.keys(input).every((key) => HARMLESS_INPUT.has(key))) return undefined;

  freshText ??= operationsText(
    (sharp() as unknown as { options: Record<string, unknown> }).options,
  );
  if (operationsText(options) !== freshText) return undefined;

  const limit = input.limitInputPixels;
  // sharp stores "no limit" as 0.
  const maxPixels = typeof limit === "number" && limit > 0 ? limit : Number.MAX_SAFE_INTEGER;
  if (typeof input.file === "string") return { file: input.file, maxPixels };
  if (input.buffer instanceof Uint8Array) return { buffer: input.buffer, maxPixels };
  return undefined;
}
