/**
 * Runs every benchmark in one process and prints the ratios against NumPy,
 * Pillow and Python's json measured in the same run.
 *
 *   npm run bench            # all of them
 *   npm run bench -- npy     # only those whose name contains "npy"
 */
import { benchJsonlThroughput, formatJsonlBench } from "./jsonl-throughput.js";
import { benchNpySuite } from "./npy-roundtrip.js";
import { benchPngCodec, formatPngCodec } from "./png-codec.js";

const PNG_LEVEL = 6;

const benches: Record<string, () => Promise<string>> = {
  npy: () => benchNpySuite([256, 1024]),
  png: async () => formatPngCodec(await benchPngCodec(2048, 5, PNG_LEVEL), PNG_LEVEL),
  jsonl: async () => formatJsonlBench(await benchJsonlThroughput(1_000_000)),
};

const filter = process.argv[2];
for (const [name, bench] of Object.entries(benches)) {
  if (filter && !name.includes(filter)) continue;
  console.log(`\n== ${name}`);
  console.log(await bench());
}
