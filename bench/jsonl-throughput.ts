/**
 * JSON Lines throughput: writes and reads N small records with flytekit-ts
 * (writeJsonLines / readJsonLines over local storage) and, in the same run,
 * with Python's `json` (json.dumps / json.loads a line at a time, as
 * flytekit's jsonlines does) and with orjson when it is installed.
 *
 * Fair both ways: every implementation writes the same records to its own
 * file, and every reader then reads the same file, the one flytekit-ts
 * wrote, decoding every line to its value and keeping none. The whole
 * measurement is repeated in rounds (the machine may be busy with other
 * work); the table gives each implementation's best round, and the ratios
 * against orjson both from those bests and as the median of the ratios
 * measured within each round.
 *
 *   npx tsx bench/jsonl-throughput.ts [records] [rounds]
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { FileAccess } from "../src/storage/files.js";
import { readJsonLines, writeJsonLines } from "../src/types/json-iterator/index.js";

/** Records per second for one implementation; `undefined` when it is not available. */
export interface JsonlThroughput {
  readonly name: string;
  readonly writePerSecond: number | undefined;
  readonly readPerSecond: number | undefined;
  readonly note?: string;
}

export interface JsonlBenchResult {
  readonly records: number;
  readonly rounds: number;
  readonly fileBytes: number;
  /** Largest growth of the JS heap seen while reading (sampled): stays flat as the file grows. */
  readonly readHeapGrowth: number;
  /** Best round of each implementation. */
  readonly results: readonly JsonlThroughput[];
  /** Median over rounds of (flytekit-ts ÷ orjson) records per second, measured in the same round. */
  readonly medianVsOrjson?: {
    readonly write: number;
    readonly read: number;
    readonly batches: number;
  };
}

/** The same small record in TypeScript and Python (see PYTHON below). */
function* records(n: number): Generator<Record<string, unknown>> {
  for (let i = 0; i < n; i++) {
    yield { id: i, name: `item-${i}`, score: i * 0.25, tags: ["a", "b"], ok: i % 2 === 0 };
  }
}

const PYTHON = String.raw`
import json, sys, time
n, path, read_path, which = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4]
def records():
    for i in range(n):
        yield {"id": i, "name": f"item-{i}", "score": i * 0.25, "tags": ["a", "b"], "ok": i % 2 == 0}
if which == "orjson":
    import orjson
    dumps = lambda r: orjson.dumps(r) + b"\n"
    loads = orjson.loads
    mode = "b"
else:
    dumps = lambda r: json.dumps(r) + "\n"
    loads = json.loads
    mode = ""
start = time.perf_counter()
with open(path, "w" + mode) as f:
    for r in records():
        f.write(dumps(r))
write_s = time.perf_counter() - start
start = time.perf_counter()
count = 0
with open(read_path, "r" + mode) as f:
    for line in f:
        loads(line)
        count += 1
read_s = time.perf_counter() - start
assert count == n, count
print(json.dumps({"write": write_s, "read": read_s}))
`;

function runPythonBench(
  which: "json" | "orjson",
  n: number,
  path: string,
  readPath: string,
): JsonlThroughput {
  const name = which === "json" ? "python json" : "python orjson";
  const args = ["-c", PYTHON, String(n), path, readPath, which];
  const run = spawnSync("python3", args, { encoding: "utf8" });
  if (run.status !== 0) {
    const reason = run.error ? String(run.error) : run.stderr.trim().split("\n").pop();
    return { name, writePerSecond: undefined, readPerSecond: undefined, note: reason ?? "failed" };
  }
  const seconds = JSON.parse(run.stdout) as { write: number; read: number };
  return { name, writePerSecond: n / seconds.write, readPerSecond: n / seconds.read };
}

/** One round of flytekit-ts: write, read record by record, read in batches. */
async function benchOurs(files: FileAccess, path: string, n: number) {
  let start = performance.now();
  const written = await writeJsonLines(files, path, records(n));
  const writeSeconds = (performance.now() - start) / 1000;

  start = performance.now();
  let read = 0;
  const heapBefore = process.memoryUsage().heapUsed;
  let heapPeak = heapBefore;
  for await (const _record of readJsonLines(files, path)) {
    // Sampled, so the measurement does not slow the loop it measures.
    if (++read % 50_000 === 0) heapPeak = Math.max(heapPeak, process.memoryUsage().heapUsed);
  }
  const readSeconds = (performance.now() - start) / 1000;
  if (written !== n || read !== n) throw new Error(`wrote ${written}, read ${read}, expected ${n}`);

  // Bulk reading: arrays of 1,000 records, without a promise per record.
  start = performance.now();
  let readInBatches = 0;
  for await (const batch of readJsonLines(files, path).batches(1000)) {
    readInBatches += batch.length;
  }
  const batchSeconds = (performance.now() - start) / 1000;
  if (readInBatches !== n) throw new Error(`read ${readInBatches} in batches, expected ${n}`);
  return {
    write: n / writeSeconds,
    read: n / readSeconds,
    batches: n / batchSeconds,
    heapGrowth: heapPeak - heapBefore,
  };
}

/** Runs the benchmark with `n` records in a temporary folder that is removed afterwards. */
export async function benchJsonlThroughput(n = 1_000_000, rounds = 3): Promise<JsonlBenchResult> {
  const dir = mkdtempSync(join(tmpdir(), "flytekit-ts-bench-jsonl-"));
  try {
    const files = new FileAccess(dir);
    const path = join(dir, "ts.jsonl");
    const ours: Awaited<ReturnType<typeof benchOurs>>[] = [];
    const json: JsonlThroughput[] = [];
    const orjson: JsonlThroughput[] = [];
    for (let round = 0; round < rounds; round++) {
      ours.push(await benchOurs(files, path, n));
      json.push(runPythonBench("json", n, join(dir, "py.jsonl"), path));
      orjson.push(runPythonBench("orjson", n, join(dir, "orjson.jsonl"), path));
    }

    const best = (values: readonly (number | undefined)[]) =>
      values.every((v) => v === undefined) ? undefined : Math.max(...values.map((v) => v ?? 0));
    const bestOf = (runs: readonly JsonlThroughput[]): JsonlThroughput => ({
      name: runs[0]?.name ?? "",
      writePerSecond: best(runs.map((r) => r.writePerSecond)),
      readPerSecond: best(runs.map((r) => r.readPerSecond)),
      ...(runs[0]?.note === undefined ? {} : { note: runs[0].note }),
    });
    const orjsonBest = bestOf(orjson);
    const results: JsonlThroughput[] = [
      {
        name: "flytekit-ts",
        writePerSecond: best(ours.map((r) => r.write)),
        readPerSecond: best(ours.map((r) => r.read)),
      },
      {
        name: "  batches(1000)",
        writePerSecond: undefined,
        readPerSecond: best(ours.map((r) => r.batches)),
        note: "read only",
      },
      bestOf(json),
      orjsonBest.writePerSecond === undefined
        ? { ...orjsonBest, note: `orjson not available (${orjsonBest.note ?? "import failed"})` }
        : orjsonBest,
    ];
    const readHeapGrowth = Math.max(...ours.map((r) => r.heapGrowth));
    const fileBytes = statSync(path).size;
    if (orjsonBest.writePerSecond === undefined) {
      return { records: n, rounds, fileBytes, readHeapGrowth, results };
    }
    const medianRatio = (pick: (round: number) => number) =>
      median(Array.from({ length: rounds }, (_, round) => pick(round)));
    const vs = (round: number, key: "writePerSecond" | "readPerSecond") =>
      orjson[round]?.[key] ?? Number.NaN;
    const medianVsOrjson = {
      write: medianRatio((r) => (ours[r]?.write ?? Number.NaN) / vs(r, "writePerSecond")),
      read: medianRatio((r) => (ours[r]?.read ?? Number.NaN) / vs(r, "readPerSecond")),
      batches: medianRatio((r) => (ours[r]?.batches ?? Number.NaN) / vs(r, "readPerSecond")),
    };
    return { records: n, rounds, fileBytes, readHeapGrowth, results, medianVsOrjson };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1
    ? (sorted[middle] ?? Number.NaN)
    : ((sorted[middle - 1] ?? Number.NaN) + (sorted[middle] ?? Number.NaN)) / 2;
}

/** A plain-text table of the results, with ratios against Python's `json` and orjson. */
export function formatJsonlBench(result: JsonlBenchResult): string {
  const python = result.results.find((r) => r.name === "python json");
  const orjson = result.results.find((r) => r.name === "python orjson");
  const rate = (value: number | undefined) =>
    value === undefined ? "n/a" : `${Math.round(value).toLocaleString("en-US")}/s`;
  const ratio = (value: number | undefined, base: number | undefined) =>
    value === undefined || base === undefined ? "n/a" : `${(value / base).toFixed(2)}x`;
  const lines = [
    `JSON Lines, ${result.records.toLocaleString("en-US")} records (${(result.fileBytes / 1e6).toFixed(1)} MB), ` +
      `best of ${result.rounds} rounds; every reader reads the file flytekit-ts wrote`,
    "implementation    write            read             write vs json  read vs json" +
      "  write vs orjson  read vs orjson",
  ];
  for (const r of result.results) {
    lines.push(
      [
        r.name.padEnd(17),
        rate(r.writePerSecond).padEnd(16),
        rate(r.readPerSecond).padEnd(16),
        ratio(r.writePerSecond, python?.writePerSecond).padEnd(14),
        ratio(r.readPerSecond, python?.readPerSecond).padEnd(13),
        ratio(r.writePerSecond, orjson?.writePerSecond).padEnd(16),
        ratio(r.readPerSecond, orjson?.readPerSecond),
        r.note ? `  (${r.note})` : "",
      ].join(" "),
    );
  }
  const median = result.medianVsOrjson;
  if (median) {
    lines.push(
      `median over rounds of flytekit-ts ÷ orjson in the same round: write ${median.write.toFixed(2)}x, ` +
        `read ${median.read.toFixed(2)}x, batches(1000) ${median.batches.toFixed(2)}x`,
    );
  }
  const mb = (bytes: number) => `${(bytes / 1e6).toFixed(1)} MB`;
  lines.push(
    `flytekit-ts heap growth while reading: at most ${mb(result.readHeapGrowth)} (sampled)`,
  );
  return lines.join("\n");
}

async function main(): Promise<void> {
  const n = Number(process.argv[2] ?? 1_000_000);
  const rounds = Number(process.argv[3] ?? 3);
  console.log(formatJsonlBench(await benchJsonlThroughput(n, rounds)));
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await main();
}
