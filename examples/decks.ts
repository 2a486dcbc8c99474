/**
 * Decks: a task with `decks: true` writes an HTML page of its inputs and
 * outputs; `flytekit-ts run` prints where it is.
 *
 *   npx flytekit-ts run examples/decks.ts inspect --size 1024 --note "first look"
 */
import { NDArray, t, task } from "flytekit-ts";
import sharp from "sharp";

export const inspect = task(
  {
    name: "inspect",
    inputs: { size: t.int, note: t.string },
    outputs: { picture: t.image(), samples: t.ndarray(), log: t.jsonIterator() },
    decks: true,
  },
  ({ size, note }) => {
    const pixels = Buffer.alloc(size * size * 3);
    for (let i = 0; i < size * size; i++) {
      const x = i % size;
      const y = Math.floor(i / size);
      pixels.set([(x * 255) / size, (y * 255) / size, ((x ^ y) & 0xff) >>> 0], i * 3);
    }
    const picture = sharp(pixels, { raw: { width: size, height: size, channels: 3 } });
    const samples = NDArray.from(
      Float64Array.from({ length: 12 }, (_, i) => Math.sin(i)),
      [3, 4],
    );
    const log = [
      { step: 1, note },
      { step: 2, note: "<script>alert('not run')</script>" },
    ];
    return { picture, samples, log };
  },
);
