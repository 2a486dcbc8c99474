/**
 * The chunks of a whole PNG file held in memory, each CRC-checked.
 * https://www.w3.org/TR/png/#5Chunk-layout
 */
import { FormatError } from "../../../engine/errors.js";
import { crc32 } from "../png-crc.js";
import { hasPngSignature } from "../png-header.js";

export interface PngChunk {
  readonly type: string;
  readonly data: Uint8Array;
}

/** A chunk type for a message: bytes outside printable ASCII as `\xNN`, so a damaged name reads plainly. */
export function printableChunkType(type: string): string {
  return type.replace(
    /[^\x20-\x7e]/g,
    (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, "0")}`,
  );
}

/** Every chunk up to and including IEND; `name` goes into error messages. */
export function readPngChunks(bytes: Uint8Array, name: string): PngChunk[] {
  const fail = (code: string, reason: string) =>
    new FormatError(code, `cannot read image ${name}: ${reason}`, { uri: name });
  if (!hasPngSignature(bytes))
    throw fail("not_png", "the file does not start with the PNG signature");

  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const chunks: PngChunk[] = [];
  for (let offset = 8; ; ) {
    if (offset + 12 > bytes.length) {
      throw fail("truncated", `the file ends at byte ${bytes.length} before the IEND chunk`);
    }
    const length = view.getUint32(offset);
    const type = String.fromCharCode(...bytes.subarray(offset + 4, offset + 8));
    const end = offset + 12 + length;
    if (end > bytes.length) {
      throw fail(
        "truncated",
        `chunk "${printableChunkType(type)}" at byte ${offset} needs ${length + 12} bytes but the file ends at byte ${bytes.length}`,
      );
    }
    const data = bytes.subarray(offset + 8, offset + 8 + length);
    if (
      crc32(bytes.subarray(offset + 4, offset + 8 + length)) !== view.getUint32(offset + 8 + length)
    ) {
      throw fail(
        "crc_mismatch",
        `chunk "${printableChunkType(type)}" at byte ${offset} has a CRC that does not match its contents`,
      );
    }
    chunks.push({ type, data });
    if (type === "IEND") return chunks;
    offset = end;
  }
}

/** The data of all IDAT chunks, joined. */
export function imageData(chunks: readonly PngChunk[]): Uint8Array {
  const parts = chunks.filter((c) => c.type === "IDAT").map((c) => c.data);
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}
