/**
 * Deck rendering: the image inline as a base64 PNG data URI, with its
 * summary as the alt text (escaped, since a URI may hold any character).
 * Large images are shown downscaled, so the page stays small however big
 * the image, and link to the full-size file when there is one.
 */
import { pathToFileURL } from "node:url";
import type { Sharp } from "sharp";
import { escapeHtml } from "../../engine/html.js";
import { schemeOf } from "../../storage/uri.js";
import { summarise } from "./describe-image.js";
import { encodeSharp, type PngWriteOptions } from "./encode-png.js";
import { originOf, originPath } from "./image-origin.js";
import { planOutput } from "./sharp-instance.js";

/** Longest side, in pixels, of an image as embedded in a deck. */
export const DECK_MAX_SIDE = 512;

function fullSizeHref(image: Sharp): string | undefined {
  const path = originPath(image);
  if (path) return pathToFileURL(path).href;
  const uri = originOf(image);
  return uri && schemeOf(uri) !== "" ? uri : undefined;
}

export async function imageHtml(image: Sharp, options: PngWriteOptions): Promise<string> {
  const { metadata } = await planOutput(image);
  const alt = summarise(metadata, originOf(image) ?? "in memory");
  const width = metadata.width ?? 0;
  const height = metadata.height ?? 0;
  const large = Math.max(width, height) > DECK_MAX_SIDE;

  // clone() so that resizing for the page never changes the task's value.
  const shown = large
    ? image.clone().resize(DECK_MAX_SIDE, DECK_MAX_SIDE, { fit: "inside" })
    : image;
  const png = large ? await shown.png().toBuffer() : await encodeSharp(image, options);
  const img = `<img src="data:image/png;base64,${png.toString("base64")}" alt="${escapeHtml(alt)}">`;
  if (!large) return img;

  const href = fullSizeHref(image);
  const caption = `${width} × ${height} px, shown at most ${DECK_MAX_SIDE} px wide`;
  const link = href ? ` — <a href="${escapeHtml(href)}">full size</a>` : "";
  return `<figure>${img}<figcaption>${escapeHtml(caption)}${link}</figcaption></figure>`;
}
