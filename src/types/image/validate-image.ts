/**
 * Checks an image file before it is handed to a task: it must be an image
 * sharp can read, of no more than `maxPixels` pixels, and (for PNG) complete.
 * Only headers are read; nothing is decoded.
 */
import { open } from "node:fs/promises";
import type { Metadata } from "sharp";
import { describeError, FormatError, StorageError } from "../../engine/errors.js";
import type { SharpFactory } from "./load-sharp.js";
import { hasPngSignature, PNG_HEADER_BYTES, type PngHeader, parsePngHeader } from "./png-header.js";
import { walkPngChunks } from "./png-structure.js";

/** Refuses an image of more than `maxPixels` pixels, naming its size and the limit. */
export function checkPixelCount(width: number, height: number, maxPixels: number, name: string) {
  const pixels = BigInt(width) * BigInt(height);
  if (pixels > BigInt(maxPixels)) {
    throw new FormatError(
      "image_too_large",
      `cannot read image ${name}: ${width} × ${height} is ${pixels} pixels, above the limit of ` +
        `${maxPixels} (raise it with t.image({ maxPixels }))`,
      { uri: name },
    );
  }
}

/** Reads the PNG header and walks the chunks; `undefined` when the file is not a PNG. */
async function checkPng(
  path: string,
  name: string,
  maxPixels: number,
): Promise<PngHeader | undefined> {
  let file: Awaited<ReturnType<typeof open>>;
  try {
    file = await open(path, "r");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new StorageError(
      code === "ENOENT" ? "not_found" : "io_error",
      `cannot read image ${name}: ${code === "ENOENT" ? "no such file" : describeError(error)}`,
      { uri: name, cause: error },
    );
  }
  try {
    const head = new Uint8Array(PNG_HEADER_BYTES);
    const { bytesRead } = await file.read(head, 0, PNG_HEADER_BYTES, 0);
    if (!hasPngSignature(head.subarray(0, bytesRead))) return undefined;
    const header = parsePngHeader(head.subarray(0, bytesRead), name);
    checkPixelCount(header.width, header.height, maxPixels, name);
    await walkPngChunks(file, name);
    return header;
  } finally {
    await file.close();
  }
}

/**
 * Validates the image file at `path` (named `name` in errors) and returns
 * sharp's metadata for it.
 */
export async function validateImageFile(
  sharp: SharpFactory,
  path: string,
  name: string,
  maxPixels: number,
): Promise<Metadata> {
  const png = await checkPng(path, name, maxPixels);
  let metadata: Metadata;
  try {
    // No pixel limit here: the size is checked below, with a message that says it.
    metadata = await sharp(path, { limitInputPixels: false }).metadata();
  } catch (error) {
    const code = png ? "corrupt_image" : "not_image";
    const what = png ? "a damaged PNG" : "not an image sharp can read";
    throw new FormatError(code, `cannot read image ${name}: ${what} (${describeError(error)})`, {
      uri: name,
      cause: error,
    });
  }
  if (!png) checkPixelCount(metadata.width ?? 0, metadata.height ?? 0, maxPixels, name);
  return metadata;
}
