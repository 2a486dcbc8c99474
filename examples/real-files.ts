/**
 * The main job: real files written by other programs — an array NumPy
 * wrote, a PNG from SciPy's test data, and JSON Lines from flytekit's tests —
 * each read by its own task; the three tasks run concurrently.
 *
 *   npx flytekit-ts run examples/real-files.ts summarize \
 *     --array examples/data/measurements.npy \
 *     --image examples/data/scipy-rgb.png \
 *     --records examples/data/flytekit-data.jsonl
 */
import { t, task, workflow } from "flytekit-ts";

export const arrayStats = task(
  {
    name: "array-stats",
    inputs: { array: t.ndarray() },
    outputs: { shape: t.list(t.int), mean: t.float },
  },
  ({ array }) => {
    let sum = 0;
    for (let i = 0; i < array.size; i++) sum += Number(array.itemAt(i));
    return { shape: [...array.shape], mean: sum / array.size };
  },
);

export const imageSize = task(
  { name: "image-size", inputs: { image: t.image() }, outputs: t.string },
  async ({ image }) => {
    const { width, height, channels } = await image.metadata();
    return `${width}x${height}, ${channels} channels`;
  },
);

export const captions = task(
  { name: "captions", inputs: { records: t.jsonIterator() }, outputs: t.list(t.string) },
  async ({ records }) => {
    const texts: string[] = [];
    for await (const record of records) texts.push(String((record as { text?: unknown }).text));
    return texts;
  },
);

export const summarize = workflow(
  {
    name: "summarize",
    inputs: { array: t.ndarray(), image: t.image(), records: t.jsonIterator() },
    outputs: { shape: t.list(t.int), mean: t.float, image: t.string, captions: t.list(t.string) },
  },
  async ({ array, image, records }) => {
    const [stats, size, texts] = await Promise.all([
      arrayStats({ array }),
      imageSize({ image }),
      captions({ records }),
    ]);
    return { shape: stats.shape, mean: stats.mean, image: size, captions: texts };
  },
);
