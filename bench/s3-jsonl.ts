/**
 * Streams a large JSON iterator through S3 and reports the peak resident
 * memory of the process doing it: one task writes the records into a
 * multipart upload, the next reads them back with a streamed GET.
 *
 * The run happens in a child `node` process on the compiled package (dist/),
 * as a user's would, so the figure holds no TypeScript loader; the S3 server
 * is Python's moto on 127.0.0.1, whose memory is its own.
 *
 *   npm run build && npx tsx bench/s3-jsonl.ts        # about 1 GiB of JSON Lines
 *   npx tsx bench/s3-jsonl.ts 0.1                     # about 0.1 GiB
 */
import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import { hasMoto, startS3Server, useS3Env } from "../test/helpers/s3-server.js";

const GiB = 1024 ** 3;
const DIST = resolve(import.meta.dirname, "../dist/index.js");

/** The child: a produce → consume workflow over ~1 KiB records, checked by count and id sum. */
const child = `
const { execute, t, task, workflow } = await import(process.env.DIST_URL);
const { getHeapSpaceStatistics } = await import("node:v8");
const spacePeaks = {};
let arrayBuffersPeak = 0;
const sample = () => {
  arrayBuffersPeak = Math.max(arrayBuffersPeak, process.memoryUsage().arrayBuffers);
  for (const { space_name, physical_space_size } of getHeapSpaceStatistics())
    spacePeaks[space_name] = Math.max(spacePeaks[space_name] ?? 0, physical_space_size);
};
const payload = "x".repeat(960);
const record = (id) => ({ id, name: "record-" + id, active: id % 3 !== 0, payload });
const produce = task(
  { name: "produce", inputs: { n: t.int }, outputs: t.jsonIterator() },
  async function* ({ n }) {
    for (let id = 0; id < n; id++) {
      if (id % 20000 === 0) sample();
      yield record(id);
    }
  },
);
const consume = task(
  { name: "consume", inputs: { records: t.jsonIterator() }, outputs: { count: t.int, idSum: t.int } },
  async ({ records }) => {
    let count = 0, idSum = 0;
    for await (const value of records) {
      if (++count % 20000 === 0) sample();
      idSum += value.id;
    }
    return { count, idSum };
  },
);
const roundTrip = workflow(
  { name: "s3-jsonl", inputs: { n: t.int }, outputs: { count: t.int, idSum: t.int } },
  async ({ n }) => consume({ records: await produce({ n }) }),
);
const n = Math.ceil(Number(process.env.BYTES) / (JSON.stringify(record(123456)).length + 1));
const rssBefore = process.resourceUsage().maxRSS / 1024;
const started = performance.now();
const execution = await execute(roundTrip, { n }, {
  rawOutputPrefix: process.env.RAW_PREFIX,
  dataDir: process.env.DATA_DIR,
});
const seconds = (performance.now() - started) / 1000;
const { count, idSum } = execution.values;
if (count !== n || idSum !== (n * (n - 1)) / 2) throw new Error("read back " + count + " of " + n);
const bytes = n * (JSON.stringify(record(123456)).length + 1);
const rssPeak = process.resourceUsage().maxRSS / 1024;
console.log(JSON.stringify({ n, bytes, seconds, rssBefore, rssPeak, arrayBuffersPeak, spacePeaks }));
`;

export interface S3JsonlResult {
  readonly n: number;
  readonly bytes: number;
  readonly seconds: number;
  /** Peak RSS in MiB once the package is loaded, before the run. */
  readonly rssBefore: number;
  readonly rssPeak: number;
  /** Largest ArrayBuffer use seen (Buffers included), sampled every 20,000 records, in bytes. */
  readonly arrayBuffersPeak: number;
  /** Largest resident size seen of each V8 heap space (new_space, old_space, …), in bytes. */
  readonly spacePeaks: Readonly<Record<string, number>>;
}

/**
 * Runs the child once with blobs under `rawPrefix`. Asynchronously: this
 * process must keep reading the moto server's log (one line per request), or
 * the server blocks on a full pipe and the upload hangs.
 */
async function runChild(gibibytes: number, rawPrefix: string | undefined): Promise<S3JsonlResult> {
  const dataDir = mkdtempSync(join(tmpdir(), "flytekit-ts-bench-s3-jsonl-"));
  try {
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ["--input-type=module", "-e", child],
      {
        encoding: "utf8",
        env: {
          ...process.env,
          DIST_URL: `file://${DIST}`,
          BYTES: String(Math.round(gibibytes * GiB)),
          DATA_DIR: dataDir,
          RAW_PREFIX: rawPrefix ?? join(dataDir, "raw"),
        },
      },
    );
    return JSON.parse(stdout) as S3JsonlResult;
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** The round trip through S3, and the same run on the local disk for comparison. */
export async function benchS3Jsonl(
  gibibytes: number,
): Promise<{ s3: S3JsonlResult; local: S3JsonlResult }> {
  if (!existsSync(DIST)) throw new Error("dist/ is missing: run npm run build first");
  const server = await startS3Server({ bucket: "bench" });
  const restore = useS3Env(server);
  try {
    const s3 = await runChild(gibibytes, "s3://bench/raw");
    return { s3, local: await runChild(gibibytes, undefined) };
  } finally {
    restore();
    await server.stop();
  }
}

export function formatS3JsonlBench({ s3, local }: { s3: S3JsonlResult; local: S3JsonlResult }) {
  const mib = (bytes: number) => `${(bytes / 1024 ** 2).toFixed(0)} MiB`;
  const line = (where: string, result: S3JsonlResult) => {
    const rate = (2 * result.bytes) / 1024 ** 2 / result.seconds;
    const spaces = Object.entries(result.spacePeaks)
      .filter(([, bytes]) => bytes >= 1024 ** 2 / 2)
      .map(([name, bytes]) => `${name.replace(/_space$/, "")} ${mib(bytes)}`);
    return (
      `${where}: ${result.seconds.toFixed(1)} s (${rate.toFixed(0)} MiB/s moved), ` +
      `peak RSS ${result.rssPeak.toFixed(0)} MiB (${result.rssBefore.toFixed(0)} MiB before the run)\n` +
      `  array buffers at most ${mib(result.arrayBuffersPeak)}; V8 heap spaces at most ${spaces.join(", ")}`
    );
  };
  return [
    `${s3.n} records, ${(s3.bytes / GiB).toFixed(2)} GiB of JSON Lines, written and read back`,
    line("S3 (moto on 127.0.0.1)", s3),
    line("local disk, same run", local),
  ].join("\n");
}

if (import.meta.url === `file://${process.argv[1]}`) {
  if (!hasMoto) throw new Error("moto is needed: python3 -m moto.server");
  console.log(formatS3JsonlBench(await benchS3Jsonl(Number(process.argv[2] ?? "1"))));
}
