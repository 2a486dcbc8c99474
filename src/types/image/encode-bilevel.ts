/**
 * Keeps a 1-bit grey image (Pillow mode `1`) 1-bit when it passes through a
 * task: sharp reads such files as 8-bit grey of 0 and 255 and would write
 * them back as mode `L`.
 */
import type { Sharp } from "sharp";
import { assemblePng, packBits } from "./png-file.js";
import { decodeError } from "./sharp-instance.js";

/** PNG bytes at bit depth 1, or `undefined` when the output holds other grey levels. */
export async function encodeKeepingBilevel(
  image: Sharp,
  pipeline: Sharp,
  compressionLevel: number,
): Promise<Buffer | undefined> {
  let output: { data: Buffer; info: { width: number; height: number; channels: number } };
  try {
    output = await pipeline.toColourspace("b-w").raw().toBuffer({ resolveWithObject: true });
  } catch (error) {
    throw decodeError(image, "encode", error);
  }
  const { data, info } = output;
  if (info.channels !== 1) return undefined;
  const bits = new Uint8Array(data.length);
  for (let i = 0; i < data.length; i++) {
    if (data[i] !== 0 && data[i] !== 255) return undefined;
    bits[i] = data[i]! >> 7;
  }
  const rows = packBits(bits, info.width, info.height);
  return assemblePng({ ...info, bitDepth: 1, colorType: 0, rows }, compressionLevel);
}
