/**
 * A whole PNG file taken apart for decoding: its header, its image data
 * (the IDAT chunks joined into one zlib stream) and which other chunks it
 * has. Every chunk's CRC is checked on the way (../palette/png-chunks.ts).
 */
import { type PngChunk, readPngChunks } from "../palette/png-chunks.js";
import { type PngHeader, parsePngHeader } from "../png-header.js";

export interface PngParts {
  readonly header: PngHeader;
  readonly types: ReadonlySet<string>;
  /** The zlib stream of the image, whole. */
  readonly imageData: Uint8Array;
  /** Where the IEND chunk ends: the length of the file, unless bytes follow it. */
  readonly end: number;
}

/** Takes apart the PNG file `bytes`; `name` goes into error messages. */
export function pngParts(bytes: Uint8Array, name: string): PngParts {
  const header = parsePngHeader(bytes, name);
  const chunks = readPngChunks(bytes, name);
  const idat = chunks.filter((chunk) => chunk.type === "IDAT").map((chunk) => chunk.data);
  return {
    header,
    types: new Set(chunks.map((chunk) => chunk.type)),
    imageData: idat.length === 1 ? idat[0]! : join(idat),
    end: chunks.reduce((at: number, chunk: PngChunk) => at + 12 + chunk.data.length, 8),
  };
}

function join(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, part) => n + part.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}
