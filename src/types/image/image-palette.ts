/**
 * Palette indices of an image, for tasks that need mode `P` exactly
 * (segmentation masks, indexed sprites): sharp only ever gives the colours.
 */
import { readFile } from "node:fs/promises";
import type { Sharp } from "sharp";
import { describeError, StorageError } from "../../engine/errors.js";
import { DEFAULT_MAX_PIXELS } from "./descriptor.js";
import { originOf, originPath } from "./image-origin.js";
import { decodePalettePng } from "./palette/decode-palette-png.js";
import { hasPngSignature } from "./png-header.js";
import type { PalettePixels } from "./raw-pixels.js";
import { isSharpInstance } from "./sharp-instance.js";

/** sharp's own input record, read only to find the file or bytes an instance reads. */
interface SharpInputPeek {
  readonly options?: { readonly input?: { readonly file?: unknown; readonly buffer?: unknown } };
}

/** The bytes behind a source, and its name for messages; `undefined` when unknown. */
async function bytesOf(source: Sharp | string | Uint8Array) {
  if (source instanceof Uint8Array) return { bytes: source, name: "image in memory" };
  let path: string | undefined;
  let name: string;
  if (typeof source === "string") {
    path = source;
    name = source;
  } else {
    const input = (source as unknown as SharpInputPeek).options?.input;
    if (input?.buffer instanceof Uint8Array)
      return { bytes: input.buffer, name: "image in memory" };
    path = originPath(source) ?? (typeof input?.file === "string" ? input.file : undefined);
    name = originOf(source) ?? path ?? "image";
  }
  if (path === undefined) return undefined;
  try {
    return { bytes: new Uint8Array(await readFile(path)), name };
  } catch (error) {
    throw new StorageError("io_error", `cannot read image ${name}: ${describeError(error)}`, {
      uri: name,
      cause: error,
    });
  }
}

/**
 * The indices, palette (RGB triples) and transparency (alpha per entry, as
 * in the tRNS chunk) of a palette PNG, exactly as stored; `undefined` for
 * any other image. Returning these from a task writes a mode `P` PNG again.
 *
 * @param source a `sharp` instance a task received, a local path, or PNG bytes
 * @example
 * ```ts
 * const mask = await imagePalette(img); // { data: indices, palette, transparency?, width, height }
 * ```
 */
export async function imagePalette(
  source: Sharp | string | Uint8Array,
  options: { readonly maxPixels?: number } = {},
): Promise<PalettePixels | undefined> {
  if (typeof source !== "string" && !(source instanceof Uint8Array) && !isSharpInstance(source)) {
    return undefined;
  }
  const found = await bytesOf(source);
  if (!found || !hasPngSignature(found.bytes)) return undefined;
  return decodePalettePng(found.bytes, found.name, options.maxPixels ?? DEFAULT_MAX_PIXELS);
}
