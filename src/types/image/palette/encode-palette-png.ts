/**
 * Writes a palette PNG (colour type 3, 8-bit indices) from indices, a
 * palette and optional per-entry alpha, so that Pillow opens it in mode `P`
 * with the same indices. sharp cannot do this: its palette output
 * re-quantises the image and chooses its own palette.
 * https://www.w3.org/TR/png/#11PLTE and https://www.w3.org/TR/png/#11tRNS
 */
import { assemblePng } from "../png-file.js";
import type { CheckedPalettePixels } from "../raw-pixels.js";

export function encodePalettePng(pixels: CheckedPalettePixels, compressionLevel: number): Buffer {
  const { width, height, data, palette, transparency } = pixels;
  const before: Array<[string, Uint8Array]> = [["PLTE", palette]];
  if (transparency && transparency.length > 0) before.push(["tRNS", transparency]);
  return assemblePng(
    { width, height, bitDepth: 8, colorType: 3, rows: data, before },
    compressionLevel,
  );
}
