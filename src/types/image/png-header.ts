/**
 * The PNG signature and IHDR chunk, parsed by hand so that an image's size
 * is known (and refused if too large) before any decoder allocates for it.
 * https://www.w3.org/TR/png/#11IHDR
 */
import { FormatError } from "../../engine/errors.js";
import { crc32 } from "./png-crc.js";

export const PNG_SIGNATURE = Uint8Array.of(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a);

/** Signature (8) + IHDR length and type (8) + IHDR data (13) + CRC (4). */
export const PNG_HEADER_BYTES = 33;

/** The fields of IHDR that matter for reading. */
export interface PngHeader {
  readonly width: number;
  readonly height: number;
  readonly bitDepth: number;
  /** 0 grey, 2 RGB, 3 palette, 4 grey + alpha, 6 RGBA. */
  readonly colorType: number;
  readonly interlaced: boolean;
}

/** Bit depths allowed for each colour type (PNG spec, table 11.1). */
const allowedDepths: Readonly<Record<number, readonly number[]>> = {
  0: [1, 2, 4, 8, 16],
  2: [8, 16],
  3: [1, 2, 4, 8],
  4: [8, 16],
  6: [8, 16],
};

/** True when `bytes` starts with the PNG signature. */
export function hasPngSignature(bytes: Uint8Array): boolean {
  return bytes.length >= 8 && PNG_SIGNATURE.every((byte, i) => bytes[i] === byte);
}

/** Largest width or height the spec allows: 2^31 - 1. */
const MAX_DIMENSION = 0x7fffffff;

/**
 * Parses IHDR from the first {@link PNG_HEADER_BYTES} bytes of a PNG file,
 * checking every field against the spec; `name` is used in error messages.
 */
export function parsePngHeader(bytes: Uint8Array, name: string): PngHeader {
  const fail = (code: string, reason: string) =>
    new FormatError(code, `cannot read image ${name}: ${reason}`, { uri: name });
  if (bytes.length < PNG_HEADER_BYTES) {
    throw fail("truncated", `the file ends after ${bytes.length} bytes, inside the PNG header`);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const type = String.fromCharCode(...bytes.subarray(12, 16));
  if (view.getUint32(8) !== 13 || type !== "IHDR") {
    throw fail(
      "invalid_header",
      `the first chunk is "${type}" of ${view.getUint32(8)} bytes, not a 13-byte IHDR`,
    );
  }
  if (crc32(bytes.subarray(12, 29)) !== view.getUint32(29)) {
    throw fail("crc_mismatch", "the IHDR chunk's CRC does not match its contents");
  }
  const header: PngHeader = {
    width: view.getUint32(16),
    height: view.getUint32(20),
    bitDepth: bytes[24]!,
    colorType: bytes[25]!,
    interlaced: bytes[28] === 1,
  };
  const { width, height, bitDepth, colorType } = header;
  if (width < 1 || height < 1 || width > MAX_DIMENSION || height > MAX_DIMENSION) {
    throw fail(
      "invalid_header",
      `IHDR says ${width} × ${height} pixels; each side must be 1 to 2^31-1`,
    );
  }
  if (!allowedDepths[colorType]?.includes(bitDepth)) {
    throw fail(
      "invalid_header",
      `IHDR says colour type ${colorType} at bit depth ${bitDepth}, which PNG does not allow`,
    );
  }
  if (bytes[26] !== 0 || bytes[27] !== 0 || bytes[28]! > 1) {
    throw fail(
      "invalid_header",
      `IHDR has compression ${bytes[26]}, filter ${bytes[27]}, interlace ${bytes[28]}; PNG defines only 0, 0 and 0 or 1`,
    );
  }
  return header;
}
