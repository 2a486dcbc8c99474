/**
 * Deck rendering: the image inline as a base64 PNG data URI, with its
 * summary as the alt text (escaped, since a URI may hold any character).
 */
import type { Sharp } from "sharp";
import { escapeHtml } from "../../engine/html.js";
import { summarise } from "./describe-image.js";
import { encodeSharp, type PngWriteOptions } from "./encode-png.js";
import { originOf } from "./image-origin.js";
import { planOutput } from "./sharp-instance.js";

export async function imageHtml(image: Sharp, options: PngWriteOptions): Promise<string> {
  const { metadata } = await planOutput(image);
  const png = await encodeSharp(image, options);
  const alt = summarise(metadata, originOf(image) ?? "in memory");
  return `<img src="data:image/png;base64,${png.toString("base64")}" alt="${escapeHtml(alt)}">`;
}
