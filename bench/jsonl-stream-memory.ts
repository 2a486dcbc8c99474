/**
 * Streams a large JSON iterator through two tasks on local storage and
 * reports the peak resident memory of the process doing it: `produce`
 * returns an async generator of ~200-byte records as t.jsonIterator()
 * (written line by line to a blob), and `consume` receives the stream and
 * reads every record back, checking the count and the sum of ids. The
 * target is a peak under 150 MB however large the stream.
 *
 * The two tasks run as a workflow, so the blob `produce` writes is the
 * literal `consume` receives: written once, read once. The run happens in a
 * child `node` process on the compiled package
 * (dist/), as a user's would, so the figure holds no TypeScript loader. The
 * peak is the kernel's (`process.resourceUsage().maxRSS`).
 *
 * Most of the resident memory is V8's own: the loaded package (about
 * 57 MiB, Node itself included), the young generation, which an
 * allocation-heavy loop grows to its default limit (16 MiB semi-spaces), and
 * whatever the old generation holds until a full collection. V8 flags such as
 * `--max-semi-space-size=4` are passed on to the child to show the young
 * generation's part; the heap-space peaks printed show the rest.
 *
 *   npm run build && npx tsx bench/jsonl-stream-memory.ts [GiB, default 2] [--gzip] [--max-…=…]
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";

const GiB = 1024 ** 3;
const MiB = 1024 ** 2;
const DIST = resolve(import.meta.dirname, "../dist/index.js");

/** The child: a produce → consume workflow, sampling the heap as it goes. */
const CHILD = `
const { execute, t, task, workflow } = await import(process.env.DIST_URL);
const gzip = process.env.GZIP === "1";
const record = (id) => ({
  id,
  name: "record-" + id,
  score: id * 0.125,
  active: id % 3 !== 0,
  tags: ["alpha", "beta", "gamma"],
  text: "The quick brown fox jumps over the lazy dog; the five boxing wizards jump quickly.",
});
const lineBytes = JSON.stringify(record(12345678)).length + 1;
const n = Math.ceil(Number(process.env.BYTES) / lineBytes);
let heapPeak = 0;
let arrayBuffersPeak = 0;
const spacePeaks = {};
const { getHeapSpaceStatistics } = await import("node:v8");
const sample = () => {
  const usage = process.memoryUsage();
  heapPeak = Math.max(heapPeak, usage.heapUsed);
  arrayBuffersPeak = Math.max(arrayBuffersPeak, usage.arrayBuffers);
  for (const space of getHeapSpaceStatistics()) {
    spacePeaks[space.space_name] = Math.max(spacePeaks[space.space_name] ?? 0, space.physical_space_size);
  }
};
const times = {};
const produce = task(
  { name: "produce", inputs: { n: t.int }, outputs: t.jsonIterator({ compression: gzip ? "gzip" : "none" }) },
  async function* ({ n }) {
    times.writeStart = performance.now();
    for (let id = 0; id < n; id++) {
      if (id % 100000 === 0) sample();
      yield record(id);
    }
  },
);
const consume = task(
  { name: "consume", inputs: { records: t.jsonIterator() }, outputs: { count: t.int, idSum: t.int } },
  async ({ records }) => {
    times.readStart = performance.now();
    let count = 0;
    let idSum = 0;
    for await (const value of records) {
      if (++count % 100000 === 0) sample();
      idSum += value.id;
    }
    times.readEnd = performance.now();
    return { count, idSum };
  },
);
// In a workflow the output literal is the next task's input: the stream is written once, read once.
const roundTrip = workflow(
  { name: "stream", inputs: { n: t.int }, outputs: { count: t.int, idSum: t.int } },
  async ({ n }) => consume({ records: await produce({ n }) }),
);
const rssBefore = process.resourceUsage().maxRSS * 1024;
const { values } = await execute(roundTrip, { n }, { dataDir: process.env.DATA_DIR });
if (values.count !== n || values.idSum !== (n * (n - 1)) / 2) {
  throw new Error("read back " + values.count + " of " + n);
}
const rssPeak = process.resourceUsage().maxRSS * 1024;
console.log(JSON.stringify({
  records: n,
  bytes: n * lineBytes,
  gzip,
  writeSeconds: (times.readStart - times.writeStart) / 1000,
  readSeconds: (times.readEnd - times.readStart) / 1000,
  rssBefore,
  rssPeak,
  heapPeak,
  arrayBuffersPeak,
  spacePeaks,
}));
`;

export interface StreamMemoryResult {
  readonly records: number;
  /** Bytes of JSON Lines (before compression). */
  readonly bytes: number;
  readonly gzip: boolean;
  readonly writeSeconds: number;
  readonly readSeconds: number;
  /** Peak RSS before the run (package loaded), in bytes. */
  readonly rssBefore: number;
  /** Peak RSS over the whole run, in bytes. */
  readonly rssPeak: number;
  /** Largest JS heap and ArrayBuffer use seen (sampled every 100,000 records). */
  readonly heapPeak: number;
  readonly arrayBuffersPeak: number;
  /** Largest resident size seen of each V8 heap space (new_space, old_space, …), in bytes. */
  readonly spacePeaks: Readonly<Record<string, number>>;
  /** V8 flags the child ran with, if any. */
  readonly nodeFlags?: readonly string[];
}

export function benchStreamMemory(
  gibibytes = 2,
  gzip = false,
  nodeFlags: readonly string[] = [],
): StreamMemoryResult {
  if (!existsSync(DIST)) throw new Error("dist/ is missing: run npm run build first");
  const dataDir = mkdtempSync(join(tmpdir(), "flytekit-ts-bench-stream-"));
  try {
    const args = [...nodeFlags, "--input-type=module", "-e", CHILD];
    const out = execFileSync(process.execPath, args, {
      encoding: "utf8",
      env: {
        ...process.env,
        DIST_URL: pathToFileURL(DIST).href,
        BYTES: String(Math.round(gibibytes * GiB)),
        GZIP: gzip ? "1" : "0",
        DATA_DIR: dataDir,
      },
    });
    return { ...(JSON.parse(out) as StreamMemoryResult), nodeFlags };
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

export function formatStreamMemory(result: StreamMemoryResult): string {
  const mib = (bytes: number) => `${(bytes / MiB).toFixed(0)} MiB`;
  const rate = (seconds: number) => `${(result.bytes / MiB / seconds).toFixed(0)} MiB/s`;
  return [
    `${result.records.toLocaleString("en-US")} records, ${(result.bytes / GiB).toFixed(2)} GiB ` +
      `of JSON Lines${result.gzip ? " (gzip)" : ""} through two tasks` +
      (result.nodeFlags?.length ? ` (node ${result.nodeFlags.join(" ")})` : ""),
    `write ${result.writeSeconds.toFixed(1)} s (${rate(result.writeSeconds)}), ` +
      `read ${result.readSeconds.toFixed(1)} s (${rate(result.readSeconds)})`,
    `peak RSS ${mib(result.rssPeak)} (${mib(result.rssBefore)} before the run); ` +
      `JS heap at most ${mib(result.heapPeak)}, array buffers at most ${mib(result.arrayBuffersPeak)}`,
    `V8 heap spaces at most: ${Object.entries(result.spacePeaks)
      .filter(([, bytes]) => bytes >= MiB / 2)
      .map(([name, bytes]) => `${name.replace(/_space$/, "")} ${mib(bytes)}`)
      .join(", ")}`,
  ].join("\n");
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const gibibytes = Number(process.argv.slice(2).find((arg) => /^\d/.test(arg)) ?? 2);
  const gzip = process.argv.includes("--gzip");
  const nodeFlags = process.argv.slice(2).filter((arg) => arg.startsWith("--max-"));
  console.log(formatStreamMemory(benchStreamMemory(gibibytes, gzip, nodeFlags)));
}
