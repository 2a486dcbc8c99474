/**
 * Decodes an untouched `sharp` instance over a common PNG with our own
 * decoder (./png-reader/), which inflates on one core while undoing the row
 * filters on the other; sharp decodes on one. Everything else (other
 * formats and layouts, instances with operations) is left to sharp.
 */
import { open, readFile } from "node:fs/promises";
import type { Sharp } from "sharp";
import { labelError } from "../../engine/context.js";
import { FormatError, isFlytekitError } from "../../engine/errors.js";
import { originLabel, originOf } from "./image-origin.js";
import { loadSharp } from "./load-sharp.js";
import { hasPngSignature, PNG_HEADER_BYTES, parsePngHeader } from "./png-header.js";
import { decodePlainPng, plainChannels } from "./png-reader/decode-plain-png.js";
import type { CheckedPixels } from "./raw-pixels.js";
import { untouchedInput } from "./untouched-input.js";

/** True when `head` (the first bytes of a file) starts a PNG this decoder takes. */
function looksPlain(head: Uint8Array, name: string): boolean {
  return hasPngSignature(head) && plainChannels(parsePngHeader(head, name)) !== undefined;
}

/**
 * The bytes of `file` when its header says it is a PNG decoded here, else
 * `undefined`; also `undefined` when the file cannot be read, so that sharp
 * reports that as it always has.
 */
async function plainPngFile(file: string, name: string): Promise<Uint8Array | undefined> {
  const head = new Uint8Array(PNG_HEADER_BYTES);
  let bytesRead: number;
  try {
    const handle = await open(file, "r");
    try {
      ({ bytesRead } = await handle.read(head, 0, PNG_HEADER_BYTES, 0));
    } finally {
      await handle.close();
    }
  } catch {
    return undefined;
  }
  if (!looksPlain(head.subarray(0, bytesRead), name)) return undefined;
  return readFile(file).catch(() => undefined);
}

/**
 * The pixels of `image` decoded here, or `undefined` when sharp should
 * decode it. A fault in the file is a FormatError naming the input.
 */
export async function readPlainPng(image: Sharp): Promise<CheckedPixels | undefined> {
  const input = untouchedInput(image, await loadSharp());
  if (input === undefined) return undefined;
  const name = originOf(image) ?? input.file ?? "image (a buffer)";
  try {
    const bytes =
      input.file === undefined
        ? looksPlain(input.buffer, name)
          ? input.buffer
          : undefined
        : await plainPngFile(input.file, name);
    return bytes && (await decodePlainPng(bytes, name, input.maxPixels));
  } catch (error) {
    throw asDecodeError(image, name, error);
  }
}

/**
 * A fault found in the file, reported as sharp's decoding faults always
 * have been: code `corrupt_image`, naming the input (and the task input it
 * arrived as), with the fault itself, and its own code (`truncated`,
 * `crc_mismatch`...), as the cause. An image over the pixel limit is
 * reported as it is.
 */
function asDecodeError(image: Sharp, name: string, error: unknown): unknown {
  if (!isFlytekitError(error) || error.code === "image_too_large") return error;
  const reason = error.message.replace(/^cannot (read|decode) image .*?: /, "");
  const origin = originOf(image);
  const label = originLabel(image);
  const options = { uri: name, cause: error };
  if (origin === undefined || label === undefined) {
    return new FormatError("corrupt_image", `cannot decode image ${name}: ${reason}`, options);
  }
  const message = `cannot decode ${origin}: its pixel data is corrupt (${reason})`;
  return labelError(label, new FormatError("corrupt_image", message, options));
}
