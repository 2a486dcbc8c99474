/**
 * A one-line human summary of an image, for the CLI and for decks:
 * `640 × 480 px, RGB (3 channels, 8-bit), png, at file:///…/image.png`.
 */
import type { Metadata, Sharp } from "sharp";
import { describeError, FormatError } from "../../engine/errors.js";
import { originOf } from "./image-origin.js";
import { loadSharp } from "./load-sharp.js";
import { layoutOfInput, modeName } from "./pixel-mode.js";
import { isSharpInstance } from "./sharp-instance.js";

/** Where an image is, for the summary: a path, a URI or "in memory". */
function locationOf(source: Sharp | string | Uint8Array): string {
  if (typeof source === "string") return source;
  if (source instanceof Uint8Array) return "in memory";
  return originOf(source) ?? "in memory";
}

/** The summary text of an image's metadata. */
export function summarise(metadata: Metadata, location: string): string {
  const layout = layoutOfInput(metadata);
  const stored = metadata.bitsPerSample ?? layout.depth;
  const channels = `${layout.channels} channel${layout.channels === 1 ? "" : "s"}`;
  let bits = `${channels}, ${layout.depth}-bit`;
  let mode = modeName(layout);
  if (metadata.isPalette) {
    bits = `palette of ${stored}-bit indices, read as ${layout.channels} channels`;
    mode = `P → ${mode}`;
  } else if (stored < 8) {
    // Grey at 1, 2 or 4 bits: sharp (like Pillow, except for mode 1) scales it to 8 bits.
    bits = `${channels}, ${stored}-bit, read as 8-bit`;
    if (stored === 1 && layout.channels === 1) mode = "1";
  }
  const extras = [
    metadata.icc ? "ICC profile" : undefined,
    metadata.orientation && metadata.orientation !== 1
      ? `EXIF orientation ${metadata.orientation}`
      : undefined,
  ].filter(Boolean);
  const tail = extras.length > 0 ? `, with ${extras.join(" and ")}` : "";
  return `${metadata.width} × ${metadata.height} px, ${mode} (${bits}), ${metadata.format}${tail}, at ${location}`;
}

/**
 * A short description of an image: size, mode, channels, bit depth, format
 * and where it is. Reads only the header.
 *
 * @param source a `sharp` instance (such as a task received), a local file path, or PNG bytes
 * @example
 * ```ts
 * await describeImage("out/image.png"); // "4 × 3 px, I;16 (1 channel, 16-bit), png, at out/image.png"
 * ```
 */
export async function describeImage(source: Sharp | string | Uint8Array): Promise<string> {
  const location = locationOf(source);
  let metadata: Metadata;
  try {
    if (isSharpInstance(source)) {
      metadata = await source.metadata();
    } else {
      const sharp = await loadSharp();
      metadata = await sharp(source, { limitInputPixels: false }).metadata();
    }
  } catch (error) {
    throw new FormatError(
      "not_image",
      `cannot describe image ${location}: ${describeError(error)}`,
      {
        uri: location,
        cause: error,
      },
    );
  }
  return summarise(metadata, location);
}
