/**
 * Reads the indices, palette and transparency of a palette PNG (colour type
 * 3), which sharp cannot give: it always expands palettes to RGB or RGBA.
 * Inflating is bounded by the size IHDR implies, so a lying file costs no
 * more memory than an honest one of its stated size.
 */
import { inflateSync } from "node:zlib";
import { describeError, FormatError } from "../../../engine/errors.js";
import { parsePngHeader } from "../png-header.js";
import type { PalettePixels } from "../raw-pixels.js";
import { checkPixelCount } from "../validate-image.js";
import { imageData, readPngChunks } from "./png-chunks.js";
import { passes, rowBytes, sampleAt, unfilterRow } from "./png-rows.js";

/**
 * The indices of a palette PNG, or `undefined` when `bytes` hold a PNG of
 * another colour type. `name` goes into error messages.
 */
export function decodePalettePng(
  bytes: Uint8Array,
  name: string,
  maxPixels: number,
): PalettePixels | undefined {
  const fail = (code: string, reason: string) =>
    new FormatError(code, `cannot read image ${name}: ${reason}`, { uri: name });
  const header = parsePngHeader(bytes, name);
  if (header.colorType !== 3) return undefined;
  const { width, height, bitDepth } = header;
  checkPixelCount(width, height, maxPixels, name);

  const chunks = readPngChunks(bytes, name);
  const plte = chunks.find((c) => c.type === "PLTE")?.data;
  if (!plte || plte.length === 0 || plte.length % 3 !== 0 || plte.length > 768) {
    throw fail(
      "invalid_palette",
      `PLTE holds ${plte?.length ?? 0} bytes; a palette needs 1 to 256 RGB entries`,
    );
  }
  const trns = chunks.find((c) => c.type === "tRNS")?.data;
  if (trns && trns.length > plte.length / 3) {
    throw fail(
      "invalid_palette",
      `tRNS holds ${trns.length} entries for a palette of ${plte.length / 3}`,
    );
  }

  const geometry = passes(width, height, header.interlaced);
  const expected = geometry.reduce((n, p) => n + p.height * (1 + rowBytes(p.width, bitDepth)), 0);
  let raw: Uint8Array;
  try {
    raw = inflateSync(imageData(chunks), { maxOutputLength: expected });
  } catch (error) {
    throw fail(
      "corrupt_image",
      `the image data does not inflate to the ${expected} bytes IHDR implies (${describeError(error)})`,
    );
  }
  if (raw.length < expected) {
    throw fail(
      "truncated",
      `the image data inflates to ${raw.length} bytes; IHDR implies ${expected}`,
    );
  }

  const indices = new Uint8Array(width * height);
  let at = 0;
  for (const pass of geometry) {
    const stride = rowBytes(pass.width, bitDepth);
    let prev: Uint8Array = new Uint8Array(stride);
    for (let r = 0; r < pass.height; r++) {
      const filter = raw[at]!;
      const row = raw.subarray(at + 1, at + 1 + stride);
      at += 1 + stride;
      if (!unfilterRow(filter, row, prev, 1)) {
        throw fail("invalid_filter", `row ${r} uses filter type ${filter}; PNG defines 0 to 4`);
      }
      const y = pass.y0 + r * pass.dy;
      for (let c = 0; c < pass.width; c++) {
        indices[y * width + pass.x0 + c * pass.dx] = sampleAt(row, c, bitDepth);
      }
      prev = row;
    }
  }
  const result = { data: indices, width, height, channels: 1 as const, depth: 8 as const };
  return trns
    ? { ...result, palette: Uint8Array.from(plte), transparency: Uint8Array.from(trns) }
    : { ...result, palette: Uint8Array.from(plte) };
}
