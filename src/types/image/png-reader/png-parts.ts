/**
 * A whole PNG file taken apart for decoding: its header, its image data
 * (the IDAT chunks' data, one zlib stream in pieces) and which other chunks it
 * has. Every chunk's CRC is checked on the way (../palette/png-chunks.ts).
 */
import { type PngChunk, readPngChunks } from "../palette/png-chunks.js";
import { type PngHeader, parsePngHeader } from "../png-header.js";

export interface PngParts {
  readonly header: PngHeader;
  readonly types: ReadonlySet<string>;
  /** The zlib stream of the image: the data of each IDAT chunk, in order. */
  readonly imageData: readonly Uint8Array[];
  /** Bytes in {@link imageData}. */
  readonly imageDataBytes: number;
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
    imageData: idat,
    imageDataBytes: idat.reduce((n, part) => n + part.length, 0),
    end: chunks.reduce((at: number, chunk: PngChunk) => at + 12 + chunk.data.length, 8),
  };
}
