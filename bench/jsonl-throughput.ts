/**
 * JSON Lines throughput: writes and reads N small records with flytekit-ts
 * (writeJsonLines / readJsonLines over local storage) and, in the same run,
 * with Python's `json` (json.dumps / json.loads a line at a time, as
 * flytekit's jsonlines does) and with orjson when it is installed.
 * Reports records per second and the ratios to Python's `json` and orjson;
 * flytekit-ts reads both record by record and in `batches(1000)`.
 *
 *   npx tsx bench/jsonl-throughput.ts [records]
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
  readonly fileBytes: number;
  /** Largest growth of the JS heap seen while reading (sampled): stays flat as the file grows. */
  readonly readHeapGrowth: number;
  readonly results: readonly JsonlThroughput[];
}

/** The same small record in TypeScript and Python (see PYTHON below). */
function* records(n: number): Generator<Record<string, unknown>> {
  for (let i = 0; i < n; i++) {
    yield { id: i, name: `item-${i}`, score: i * 0.25, tags: ["a", "b"], ok: i % 2 === 0 };
  }
}

const PYTHON = String.raw`
import json, sys, time
n, path, which = int(sys.argv[1]), sys.argv[2], sys.argv[3]
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
with open(path, "r" + mode) as f:
    for line in f:
        loads(line)
        count += 1
read_s = time.perf_counter() - start
assert count == n, count
print(json.dumps({"write": write_s, "read": read_s}))
`;

function runPythonBench(which: "json" | "orjson", n: number, path: string): JsonlThroughput {
  const name = which === "json" ? "python json" : "python orjson";
  const run = spawnSync("python3", ["-c", PYTHON, String(n), path, which], { encoding: "utf8" });
  if (run.status !== 0) {
    const reason = run.error ? String(run.error) : run.stderr.trim().split("\n").pop();
    return { name, writePerSecond: undefined, readPerSecond: undefined, note: reason ?? "failed" };
  }
  const seconds = JSON.parse(run.stdout) as { write: number; read: number };
  return { name, writePerSecond: n / seconds.write, readPerSecond: n / seconds.read };
}

/** Runs the benchmark with `n` records in a temporary folder that is removed afterwards. */
export async function benchJsonlThroughput(n = 1_000_000): Promise<JsonlBenchResult> {
  const dir = mkdtempSync(join(tmpdir(), "flytekit-ts-bench-jsonl-"));
  try {
    const files = new FileAccess(dir);
    const path = join(dir, "ts.jsonl");

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
    if (written !== n || read !== n)
      throw new Error(`wrote ${written}, read ${read}, expected ${n}`);

    // Bulk reading: arrays of 1,000 records, without a promise per record.
    start = performance.now();
    let readInBatches = 0;
    for await (const batch of readJsonLines(files, path).batches(1000)) {
      readInBatches += batch.length;
    }
    const batchSeconds = (performance.now() - start) / 1000;
    if (readInBatches !== n) throw new Error(`read ${readInBatches} in batches, expected ${n}`);

    const results: JsonlThroughput[] = [
      { name: "flytekit-ts", writePerSecond: n / writeSeconds, readPerSecond: n / readSeconds },
      {
        name: "  batches(1000)",
        writePerSecond: undefined,
        readPerSecond: n / batchSeconds,
        note: "read only",
      },
      runPythonBench("json", n, join(dir, "py.jsonl")),
    ];
    const orjson = runPythonBench("orjson", n, join(dir, "orjson.jsonl"));
    results.push(
      orjson.writePerSecond === undefined
        ? { ...orjson, note: `orjson not available (${orjson.note ?? "import failed"})` }
        : orjson,
    );
    const readHeapGrowth = heapPeak - heapBefore;
    return { records: n, fileBytes: statSync(path).size, readHeapGrowth, results };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
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
    `JSON Lines, ${result.records.toLocaleString("en-US")} records (${(result.fileBytes / 1e6).toFixed(1)} MB)`,
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
  const mb = (bytes: number) => `${(bytes / 1e6).toFixed(1)} MB`;
  lines.push(
    `flytekit-ts heap growth while reading: at most ${mb(result.readHeapGrowth)} (sampled)`,
  );
  return lines.join("\n");
}

async function main(): Promise<void> {
  const n = Number(process.argv[2] ?? 1_000_000);
  console.log(formatJsonlBench(await benchJsonlThroughput(n)));
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await main();
}
