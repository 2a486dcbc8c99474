/**
 * Where an image does not come through exactly, as data the tests enforce.
 * `test/interop/image-pass-through.test.ts` passes every fixture PNG and
 * every PNG Pillow writes through a task (received as a sharp instance,
 * returned unchanged) and checks that Pillow sees the same mode and pixels;
 * each entry here is checked to still fail in exactly the way it records,
 * so fixing one means deleting its entry.
 */

export interface KnownGap {
  /** A fixture path under test/fixtures/png/, or `pillow:<name>` for a PNG Pillow writes in the test. */
  readonly input: string;
  /** Pillow's mode for the input. */
  readonly mode: string;
  /** Pillow's mode for what a task writes back. */
  readonly writtenMode: string;
  /** Why. */
  readonly reason: string;
}

const COLOUR_KEY =
  "sharp turns a tRNS colour key into an alpha channel on read; the image is written back " +
  "with that alpha (same pixels as Pillow's convert('LA'/'RGBA')), not with the colour key";

export const knownGaps: readonly KnownGap[] = [
  { input: "pillow:L_trns", mode: "L", writtenMode: "LA", reason: COLOUR_KEY },
  { input: "pillow:RGB_trns", mode: "RGB", writtenMode: "RGBA", reason: COLOUR_KEY },
];

export function gapFor(input: string): KnownGap | undefined {
  return knownGaps.find((gap) => gap.input === input);
}
