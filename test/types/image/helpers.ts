/** Shared helpers for the image tests: seeded pixels and PNG header bytes. */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { TransformContext } from "../../../src/engine/context.js";
import type { ILiteral } from "../../../src/model/flyteidl.js";
import { blobLiteral, blobUri } from "../../../src/model/literals.js";
import { image, imagePixels, type RawPixels } from "../../../src/types/image/index.js";
import { imageTransformer } from "../../../src/types/image/transformer.js";

export const FIXTURES = fileURLToPath(new URL("../../fixtures/png/", import.meta.url));

/** mulberry32: a small seeded generator, so every run sees the same pixels. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Seeded raw pixels of the given layout, covering the full sample range. */
export function randomPixels(
  seed: number,
  width: number,
  height: number,
  channels: 1 | 2 | 3 | 4,
  depth: 8 | 16,
): RawPixels & { depth: 8 | 16 } {
  const random = seeded(seed);
  const n = width * height * channels;
  const max = depth === 16 ? 65536 : 256;
  const data = depth === 16 ? new Uint16Array(n) : new Uint8Array(n);
  for (let i = 0; i < n; i++) data[i] = Math.floor(random() * max);
  // Fixed extremes, so 0, the maximum and low-byte-only values are always present.
  data[0] = 0;
  data[1] = max - 1;
  if (depth === 16) data[2] = 1;
  return { data, width, height, channels, depth };
}

/** IHDR fields of a PNG file, read straight from the bytes. */
export function pngIhdr(path: string) {
  const bytes = readFileSync(path);
  return {
    width: bytes.readUInt32BE(16),
    height: bytes.readUInt32BE(20),
    bitDepth: bytes[24],
    colorType: bytes[25],
  };
}

/** Writes `value` through the transformer and returns the literal and its local path. */
export async function writeImage(ctx: TransformContext, value: unknown, options = {}) {
  const literal = await ctx.engine.toLiteral(ctx, value, image(options));
  const uri = blobUri(literal)!;
  return { literal, uri, path: uri.replace(/^file:\/\//, "") };
}

/** Reads a PNG file through the transformer into exact pixels. */
export async function readImage(
  ctx: TransformContext,
  pathOrLiteral: string | ILiteral,
  options = {},
) {
  const literal =
    typeof pathOrLiteral === "string" ? blobLiteral(pathOrLiteral, "PIL.Image") : pathOrLiteral;
  const value = await imageTransformer.toValue(ctx, literal, image(options));
  return imagePixels(value);
}

/** Bytes of a sample array as stored in a PNG row: 16-bit samples big-endian. */
export function bigEndianBytes(data: Uint8Array | Uint16Array): Buffer {
  if (data instanceof Uint8Array) return Buffer.from(data);
  const out = Buffer.alloc(data.length * 2);
  for (let i = 0; i < data.length; i++) out.writeUInt16BE(data[i]!, i * 2);
  return out;
}
