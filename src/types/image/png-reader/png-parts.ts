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
  /**
   * True when the chunks break a rule of the format that a decoder must
   * enforce (a second IHDR, an unknown critical chunk, IDAT chunks apart, a
   * name that is not four letters): such files are left to libpng via sharp,
   * which refuses them, rather than decoded on a guess.
   */
  readonly malformed: boolean;
}

const KNOWN_CRITICAL = new Set(["IHDR", "PLTE", "IDAT", "IEND"]);

function malformedChunks(chunks: readonly PngChunk[]): boolean {
  if (chunks[0]?.type !== "IHDR") return true;
  let ihdr = 0;
  let idatRuns = 0;
  let previous = "";
  for (const { type } of chunks) {
    if (!/^[A-Za-z]{4}$/.test(type)) return true;
    // An upper-case first letter marks a chunk a decoder cannot skip.
    if (type[0]! <= "Z" && !KNOWN_CRITICAL.has(type)) return true;
    if (type === "IHDR") ihdr++;
    if (type === "IDAT" && previous !== "IDAT") idatRuns++;
    previous = type;
  }
  return ihdr !== 1 || idatRuns !== 1;
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
    malformed: malformedChunks(chunks),
  };
}
