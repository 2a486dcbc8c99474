/**
 * Decodes the common PNG layouts itself, faster than sharp: 8- or 16-bit
 * grey, grey + alpha, RGB and RGBA, not interlaced, with no tRNS (which
 * would add alpha) and no ICC profile (which sharp may apply). Other PNGs
 * are left to sharp.
 *
 * The data is inflated on the threadpool into one buffer, and the rows are
 * then decoded in place (Sub and Up with WebAssembly SIMD). Inflating in
 * pieces while the main thread decoded the rows before was tried: with SIMD
 * the rows take a tenth of the inflating time, and the pieces' allocations
 * cost more than the overlap saved (median 22.6 against 18.3 ms on a 2048²
 * grey image, 62.8 against 55.4 ms on RGB, on a busy two-core machine).
 * https://www.w3.org/TR/png/#6Colour-values
 */
import { constants } from "node:buffer";
import { FormatError } from "../../../engine/errors.js";
import type { PngHeader } from "../png-header.js";
import type { ChannelCount, CheckedPixels } from "../raw-pixels.js";
import { checkPixelCount } from "../validate-image.js";
import { type Inflated, inflateWhole } from "./inflate-whole.js";
import { pngParts } from "./png-parts.js";
import { rowMemory } from "./row-memory.js";
import { type RowFault, RowSink } from "./row-sink.js";

/** Samples per pixel of each colour type decoded here. */
const CHANNELS: Readonly<Record<number, ChannelCount>> = { 0: 1, 4: 2, 2: 3, 6: 4 };

/**
 * Deflate cannot do better than about 1032 to 1 (a 258-byte match in under
 * two bits): image data smaller than its rows over this ratio cannot hold
 * them, and is refused before the image is allocated.
 */
const DEFLATE_MAX_RATIO = 1032;

/** The channel count of a PNG decoded here, or undefined when sharp should decode it. */
export function plainChannels(header: PngHeader): ChannelCount | undefined {
  const channels = CHANNELS[header.colorType];
  const depthOk = header.bitDepth === 8 || header.bitDepth === 16;
  return depthOk && !header.interlaced ? channels : undefined;
}

/**
 * Inflated data is copied into the decoder's working memory this much at a
 * time (see ./row-sink.ts): enough that the copies cost little, small
 * enough to stay in the processor's cache.
 */
const STAGING_BYTES = 256 * 1024;

const littleEndianHost = new Uint8Array(Uint16Array.of(1).buffer)[0] === 1;

/**
 * The pixels of the PNG file `bytes`, or undefined when its layout is left
 * to sharp. `name` goes into error messages; an image of more than
 * `maxPixels` pixels is refused before anything is allocated for it.
 */
export async function decodePlainPng(
  bytes: Uint8Array,
  name: string,
  maxPixels: number,
): Promise<CheckedPixels | undefined> {
  const fail = (code: string, reason: string) =>
    new FormatError(code, `cannot decode image ${name}: ${reason}`, { uri: name });
  const chunks = pngParts(bytes, name);
  const { header } = chunks;
  const channels = plainChannels(header);
  const plain = !chunks.malformed && !chunks.types.has("tRNS") && !chunks.types.has("iCCP");
  if (channels === undefined || !plain) {
    return undefined;
  }
  const { width, height, bitDepth } = header;
  checkPixelCount(width, height, maxPixels, name);

  const bpp = (channels * bitDepth) / 8;
  const stride = width * bpp;
  const rowBytes = height * (stride + 1);
  const compressed = chunks.imageData;
  const compressedBytes = chunks.imageDataBytes;
  if (rowBytes > compressedBytes * DEFLATE_MAX_RATIO + DEFLATE_MAX_RATIO) {
    throw fail(
      "truncated",
      `IHDR says ${width} × ${height} pixels (${rowBytes} bytes of rows), but ` +
        `${compressedBytes} bytes of image data cannot inflate to that much`,
    );
  }

  // Larger than a Buffer can be: no decoder here could hold it; sharp reports it.
  if (rowBytes >= constants.MAX_LENGTH) return undefined;

  const inflated = await inflateWhole(compressed, rowBytes);
  if (inflated.kind !== "data") throw fail(...describeFault(inflated, rowBytes));
  // Decoded in place: row y goes to y * stride, before any of the data still to be read.
  const { buffer, byteOffset } = inflated.bytes;
  const image = new Uint8Array(buffer, byteOffset, stride * height);
  const memory = rowMemory(stride, STAGING_BYTES);
  const rows = new RowSink(memory, image, stride, bpp, height);
  let fault: RowFault | undefined;
  try {
    fault = rows.push(inflated.bytes);
  } finally {
    memory.release();
  }
  if (fault) throw fail(...describeFault(fault, rowBytes));
  if (!rows.complete) {
    throw fail(
      "truncated",
      `the image data inflates to fewer than the ${rows.expectedBytes} bytes IHDR implies`,
    );
  }
  if (bitDepth === 8) return { data: image, width, height, channels, depth: 8 };
  // PNG stores 16-bit samples most significant byte first; a Uint16Array reads host order.
  if (littleEndianHost) swapBytePairs(image);
  // A Uint16Array must start at an even offset; zlib's large buffers start at 0.
  const aligned = byteOffset % 2 === 0 ? image : image.slice();
  const samples = new Uint16Array(aligned.buffer, aligned.byteOffset, aligned.length / 2);
  return { data: samples, width, height, channels, depth: 16 };
}

/** The error code and reason for a fault met while inflating. */
function describeFault(
  fault: Exclude<Inflated, { kind: "data" }> | RowFault,
  expected: number,
): [string, string] {
  switch (fault.kind) {
    case "bad_filter":
      return [
        "invalid_filter",
        `row ${fault.row} uses filter type ${fault.filter}; PNG defines 0 to 4`,
      ];
    case "too_much":
      return [
        "corrupt_image",
        `the image data inflates to more than the ${expected} bytes IHDR implies`,
      ];
    case "zlib":
      return ["corrupt_image", `the image data does not inflate (${fault.reason})`];
  }
}

/** Swaps the bytes of every pair, in place. */
function swapBytePairs(bytes: Uint8Array): void {
  const words = new Uint16Array(bytes.buffer, bytes.byteOffset, bytes.length >> 1);
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    words[i] = (w >> 8) | (w << 8);
  }
}
