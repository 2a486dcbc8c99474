/**
 * Lays out a PNG file: signature, chunks with their CRCs, and the image data
 * split over IDAT chunks of at most 1 MiB.
 * https://www.w3.org/TR/png/#5Chunk-layout
 */
import { crc32 } from "../png-crc.js";
import { PNG_SIGNATURE } from "../png-header.js";

/** The largest IDAT chunk written; readers handle any size, this keeps each CRC pass short. */
export const IDAT_CHUNK_BYTES = 1024 * 1024;

/** What goes into a PNG file, in order. */
export interface PngLayout {
  readonly ihdr: Uint8Array;
  /** The zlib stream, in parts, with its total length. */
  readonly imageData: { readonly parts: readonly Uint8Array[]; readonly length: number };
}

/** Writes the chunk of `length` data bytes already at `out[at + 8…]`, framing it; returns its end. */
function frameChunk(out: Buffer, at: number, type: string, length: number): number {
  out.writeUInt32BE(length, at);
  out.write(type, at + 4, "latin1");
  const end = at + 8 + length;
  out.writeUInt32BE(crc32(out.subarray(at + 4, end)), end);
  return end + 4;
}

function writeChunk(out: Buffer, at: number, type: string, data: Uint8Array): number {
  out.set(data, at + 8);
  return frameChunk(out, at, type, data.length);
}

/** The PNG file's bytes, in one buffer. */
export function layOutPng(layout: PngLayout): Buffer {
  const { ihdr, imageData } = layout;
  const idatCount = Math.max(1, Math.ceil(imageData.length / IDAT_CHUNK_BYTES));
  const size = PNG_SIGNATURE.length + 12 + ihdr.length + 12 * idatCount + imageData.length + 12; // IEND
  const out = Buffer.allocUnsafe(size);
  out.set(PNG_SIGNATURE, 0);
  const at = writeChunk(out, PNG_SIGNATURE.length, "IHDR", ihdr);

  // Copy the stream's parts straight into place, cutting a chunk every IDAT_CHUNK_BYTES.
  let chunkStart = at;
  let filled = 0;
  for (const part of imageData.parts) {
    for (let offset = 0; offset < part.length; ) {
      const take = Math.min(part.length - offset, IDAT_CHUNK_BYTES - filled);
      out.set(part.subarray(offset, offset + take), chunkStart + 8 + filled);
      offset += take;
      filled += take;
      if (filled === IDAT_CHUNK_BYTES) {
        chunkStart = frameChunk(out, chunkStart, "IDAT", filled);
        filled = 0;
      }
    }
  }
  const end = filled > 0 ? frameChunk(out, chunkStart, "IDAT", filled) : chunkStart;
  writeChunk(out, end, "IEND", new Uint8Array(0));
  return out;
}
