/**
 * Builds PNG files chunk by chunk for the reader's tests: honest ones cut
 * into many IDAT chunks, and ones that lie in exactly one way.
 * https://www.w3.org/TR/png/#5Chunk-layout
 */
import { crc32, deflateSync } from "node:zlib";

export interface Chunk {
  readonly type: string;
  readonly data: Uint8Array;
}

/** The chunks of a PNG file, without checking anything. */
export function chunksOf(png: Uint8Array): Chunk[] {
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  const chunks: Chunk[] = [];
  for (let at = 8; at + 12 <= png.length; ) {
    const length = view.getUint32(at);
    const type = String.fromCharCode(...png.subarray(at + 4, at + 8));
    chunks.push({ type, data: png.subarray(at + 8, at + 8 + length) });
    at += 12 + length;
  }
  return chunks;
}

/** One chunk's bytes, with a correct CRC unless `badCrc`. */
export function chunkBytes(chunk: Chunk, badCrc = false): Buffer {
  const out = Buffer.alloc(12 + chunk.data.length);
  out.writeUInt32BE(chunk.data.length, 0);
  out.write(chunk.type, 4, "latin1");
  out.set(chunk.data, 8);
  const crc = crc32(out.subarray(4, 8 + chunk.data.length));
  out.writeUInt32BE((badCrc ? crc ^ 1 : crc) >>> 0, 8 + chunk.data.length);
  return out;
}

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** A PNG file of these chunks. */
export function pngOf(chunks: readonly Chunk[]): Buffer {
  return Buffer.concat([SIGNATURE, ...chunks.map((chunk) => chunkBytes(chunk))]);
}

/** The IDAT data of `png`, joined. */
export function imageDataOf(png: Uint8Array): Buffer {
  return Buffer.concat(
    chunksOf(png)
      .filter((c) => c.type === "IDAT")
      .map((c) => c.data),
  );
}

/** `png` with its image data replaced by `idat` (one chunk, or pieces of the given sizes in turn). */
export function withImageData(png: Uint8Array, idat: Uint8Array, sizes: number[] = []): Buffer {
  const pieces: Chunk[] = [];
  for (let at = 0, k = 0; at < idat.length; k++) {
    const size = sizes.length === 0 ? idat.length : sizes[k % sizes.length]!;
    pieces.push({ type: "IDAT", data: idat.subarray(at, at + size) });
    at += size;
  }
  const chunks = chunksOf(png);
  const first = chunks.findIndex((c) => c.type === "IDAT");
  const rest = chunks.filter((c) => c.type !== "IDAT");
  return pngOf([...rest.slice(0, first), ...pieces, ...rest.slice(first)]);
}

/** `png` with IHDR's width and height replaced. */
export function withSize(png: Uint8Array, width: number, height: number): Buffer {
  const chunks = chunksOf(png).map((chunk) => {
    if (chunk.type !== "IHDR") return chunk;
    const data = Buffer.from(chunk.data);
    data.writeUInt32BE(width, 0);
    data.writeUInt32BE(height, 4);
    return { type: "IHDR", data };
  });
  return pngOf(chunks);
}

/** A zlib stream of `filtered` (row data with filter bytes). */
export const zlibOf = (filtered: Uint8Array): Buffer => deflateSync(filtered);
