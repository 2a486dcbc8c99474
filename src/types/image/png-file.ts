/**
 * Assembles a PNG file from its parts, for the layouts sharp cannot write
 * exactly (palette indices, 1-bit grey). Every row is stored with filter
 * type 0, the spec's advice for palette and low-bit-depth images.
 * https://www.w3.org/TR/png/#5DataRep
 */
import { deflateSync } from "node:zlib";
import { crc32 } from "./png-crc.js";
import { PNG_SIGNATURE } from "./png-header.js";

function chunk(type: string, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + data.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, data.length);
  for (let i = 0; i < 4; i++) out[4 + i] = type.charCodeAt(i);
  out.set(data, 8);
  view.setUint32(8 + data.length, crc32(out.subarray(4, 8 + data.length)));
  return out;
}

export interface PngParts {
  readonly width: number;
  readonly height: number;
  readonly bitDepth: 1 | 2 | 4 | 8;
  /** 0 grey, 3 palette. */
  readonly colorType: 0 | 3;
  /** Packed rows, `ceil(width * bitDepth / 8)` bytes each, without filter bytes. */
  readonly rows: Uint8Array;
  /** Chunks between IHDR and IDAT, such as PLTE and tRNS, in order. */
  readonly before?: ReadonlyArray<readonly [string, Uint8Array]>;
}

export function assemblePng(parts: PngParts, compressionLevel: number): Buffer {
  const { width, height, bitDepth, colorType, rows } = parts;
  const ihdr = new Uint8Array(13);
  const view = new DataView(ihdr.buffer);
  view.setUint32(0, width);
  view.setUint32(4, height);
  ihdr.set([bitDepth, colorType, 0, 0, 0], 8);

  const stride = Math.ceil((width * bitDepth) / 8);
  const filtered = new Uint8Array(height * (stride + 1));
  for (let y = 0; y < height; y++) {
    filtered.set(rows.subarray(y * stride, (y + 1) * stride), y * (stride + 1) + 1);
  }
  return Buffer.concat([
    PNG_SIGNATURE,
    chunk("IHDR", ihdr),
    ...(parts.before ?? []).map(([type, data]) => chunk(type, data)),
    chunk("IDAT", deflateSync(filtered, { level: compressionLevel })),
    chunk("IEND", new Uint8Array(0)),
  ]);
}

/** Packs one 0/1 sample per byte into rows of 1-bit samples, most significant bit first. */
export function packBits(samples: Uint8Array, width: number, height: number): Uint8Array {
  const stride = Math.ceil(width / 8);
  const out = new Uint8Array(stride * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      if (samples[y * width + x]) out[y * stride + (x >> 3)]! |= 0x80 >> (x & 7);
    }
  }
  return out;
}
