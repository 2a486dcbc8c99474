/**
 * Fixtures this package cannot yet read exactly, as data the tests enforce:
 * `fixtures.test.ts` checks that each gap still exists (so a fix must also
 * remove its entry) and that every file not listed here reads exactly.
 */

export interface KnownGap {
  /** Fixture path under test/fixtures/png/. */
  readonly file: string;
  /** What is not exact. */
  readonly aspect: "palette indices";
  /** Why, and what is given instead. */
  readonly reason: string;
}

const PALETTE_REASON =
  "sharp (libvips) expands palette PNGs to RGB or RGBA on read and exposes neither the " +
  "indices nor the palette; the expansion itself is exact (checked against rgba8 / Pillow)";

export const knownGaps: readonly KnownGap[] = [
  "cases/C16/pal2_w5_trns_full.png",
  "cases/C16/pal4_w7_trns_short.png",
  "cases/C16/pal8_no_trns.png",
  "palette-1bit-interlaced.png",
  "palette-2bit.png",
  "palette-4bit.png",
  "palette-8bit.png",
].map((file) => ({ file, aspect: "palette indices", reason: PALETTE_REASON }));

export function gapFor(file: string): KnownGap | undefined {
  return knownGaps.find((gap) => gap.file === file);
}
