/**
 * Child process of many-arrays.test.ts: one task returns `count` arrays of
 * 1 MiB each as t.iterator(t.ndarray()); the next task consumes them with
 * `for await` and samples process.memoryUsage() at every element. Prints
 * one JSON line of figures. Run with a small --max-old-space-size.
 *
 *   node --max-old-space-size=64 --import tsx many-arrays-child.ts <count> <data dir>
 */
import { rmSync } from "node:fs";
import { task } from "../../../src/runtime/task.js";
import type { NDArray } from "../../../src/types/ndarray/index.js";
import { t } from "../../../src/types/t.js";

const count = Number(process.argv[2]);
const dataDir = process.argv[3] ?? "";
process.env.FLYTEKIT_TS_DATA_DIR = dataDir;

/** Float64 elements in 1 MiB. */
const ELEMENTS = (1 << 20) / 8;

interface Peak {
  rss: number;
  arrayBuffers: number;
  heapUsed: number;
}

function sample(peak: Peak): void {
  const now = process.memoryUsage();
  peak.rss = Math.max(peak.rss, now.rss);
  peak.arrayBuffers = Math.max(peak.arrayBuffers, now.arrayBuffers);
  peak.heapUsed = Math.max(peak.heapUsed, now.heapUsed);
}

const producePeak: Peak = { rss: 0, arrayBuffers: 0, heapUsed: 0 };
const consumePeak: Peak = { rss: 0, arrayBuffers: 0, heapUsed: 0 };

const produce = task(
  { name: "produce", inputs: { n: t.int }, outputs: t.iterator(t.ndarray()) },
  function* ({ n }) {
    for (let i = 0; i < n; i++) {
      sample(producePeak);
      // Every element is the array's index, so the consumer can check order and content.
      yield new Float64Array(ELEMENTS).fill(i);
    }
  },
);

const consume = task(
  { name: "consume", inputs: { arrays: t.iterator(t.ndarray()) }, outputs: t.float },
  async ({ arrays }) => {
    let checksum = 0;
    for await (const array of arrays as AsyncIterable<NDArray>) {
      const data = array.data as Float64Array;
      if (data.length !== ELEMENTS) throw new Error(`array of ${data.length} elements`);
      checksum += data[0]! + data[ELEMENTS - 1]!;
      sample(consumePeak);
    }
    return checksum;
  },
);

try {
  const before = process.memoryUsage();
  const arrays = await produce({ n: count });
  const checksum = await consume({ arrays });
  console.log(JSON.stringify({ count, checksum, before, producePeak, consumePeak }));
} finally {
  rmSync(dataDir, { recursive: true, force: true });
}
