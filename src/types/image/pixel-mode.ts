/**
 * Which PNG colour type and bit depth an image is written with, and the
 * Pillow mode a Python task sees it as. sharp converts everything to 8-bit
 * sRGB unless told otherwise, which would turn a grey image into RGB and drop
 * the low byte of 16-bit samples; forcing the colourspace keeps the mode.
 */
import type { ChannelCount, SampleDepth } from "./raw-pixels.js";

/** Samples per pixel and bits per sample of an image. */
export interface PixelLayout {
  readonly channels: ChannelCount;
  readonly depth: SampleDepth;
}

/** The libvips interpretation that makes sharp keep a layout exactly. */
export type ExactColourspace = "b-w" | "grey16" | "srgb" | "rgb16";

export function isGrey(layout: PixelLayout): boolean {
  return layout.channels <= 2;
}

export function hasAlpha(layout: PixelLayout): boolean {
  return layout.channels === 2 || layout.channels === 4;
}

export function colourspaceFor(layout: PixelLayout): ExactColourspace {
  if (isGrey(layout)) return layout.depth === 16 ? "grey16" : "b-w";
  return layout.depth === 16 ? "rgb16" : "srgb";
}

/**
 * The Pillow mode name of a layout. Pillow has no 16-bit colour modes; the
 * `;16` names say what the PNG holds (Pillow 9 reads those files as 8-bit).
 * https://pillow.readthedocs.io/en/stable/handbook/concepts.html#modes
 */
export function modeName(layout: PixelLayout): string {
  const base = ["L", "LA", "RGB", "RGBA"][layout.channels - 1] ?? "?";
  if (layout.depth === 8) return base;
  return layout.channels === 1 ? "I;16" : `${base};16`;
}

/** What sharp's `metadata()` says about an input, as far as the layout goes. */
export interface LayoutHints {
  readonly space?: string | undefined;
  readonly channels?: number | undefined;
  readonly depth?: string | undefined;
  readonly hasAlpha?: boolean | undefined;
}

/**
 * The layout an input keeps: grey stays grey, alpha stays, 16 bits stay 16.
 * Palette images are expanded to RGB or RGBA (sharp gives no indices).
 */
export function layoutOfInput(hints: LayoutHints, forceGrey = false): PixelLayout {
  const grey = forceGrey || hints.space === "b-w" || hints.space === "grey16";
  const alpha = hints.hasAlpha === true;
  const depth: SampleDepth = hints.depth === "ushort" ? 16 : 8;
  const channels = ((grey ? 1 : 3) + (alpha ? 1 : 0)) as ChannelCount;
  return { channels, depth };
}
