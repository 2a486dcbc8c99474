/**
 * Writes and reads a large float64 array as .npy here and with NumPy
 * (np.save / np.load, timed inside one python3 process) in the same run,
 * and reports the ratio ours / NumPy. Both sides use the same disk and a
 * warm page cache; each figure is the best of `repeats` runs.
 *
 * Two kernel hints decide most of the time on Linux: NumPy's np.load reads
 * into memory advised as transparent huge pages (far fewer page faults; the
 * "without huge pages" line shows NumPy paying them), and its np.save calls
 * fallocate before writing. We give the same hints through the optional
 * `koffi` package (src/platform/kernel-hints.ts); the "ours without kernel
 * hints" line runs our code in a child with them switched off, to show
 * what they are worth.
 *
 *   npx tsx bench/npy-roundtrip.ts [MiB,MiB...] [repeats]
 *
 * The default, 256 and 1024 MiB, also opens a 4 GiB array with mmapMode
 * "r" (bench/npy-mmap-open.ts).
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { silentLogger } from "../src/engine/logger.js";
import { KERNEL_HINTS_ENV, kernelHintsAvailable } from "../src/platform/kernel-hints.js";
import { FileAccess } from "../src/storage/files.js";
import { defaultEngine } from "../src/types/default-engine.js";
import { NDArray, ndarray, readNpyFile, writeNpyFile } from "../src/types/ndarray/index.js";
import { benchNpyMmapOpen, formatMmapOpen } from "./npy-mmap-open.js";

/** Best times in milliseconds for one implementation. */
export interface NpyTimes {
  readonly writeMs: number;
  readonly readMs: number;
}

export interface NpyBenchResult {
  readonly mib: number;
  readonly ours: NpyTimes;
  /** Through the transformer: FileAccess streaming write (atomic) and read. */
  readonly oursTransformer: NpyTimes;
  /** Ours in a child process with the kernel hints switched off (undefined if it failed). */
  readonly oursWithoutHints: NpyTimes | undefined;
  readonly numpy: NpyTimes;
  /** NumPy with its huge-page advice switched off (what a JavaScript buffer gets). */
  readonly numpyNoHugePages: NpyTimes;
}

const NUMPY_SCRIPT = `
import json, os, sys, time
import numpy as np
from numpy._core.multiarray import _set_madvise_hugepage
n, path, repeats = int(sys.argv[1]), sys.argv[2], int(sys.argv[3])

def run():
    a = np.arange(n, dtype=np.float64) * 0.5
    writes, reads = [], []
    for _ in range(repeats):
        if os.path.exists(path): os.remove(path)
        os.sync()
        t = time.perf_counter(); np.save(path, a); writes.append(time.perf_counter() - t)
        t = time.perf_counter(); b = np.load(path); reads.append(time.perf_counter() - t)
        assert b[n - 1] == (n - 1) * 0.5
        del b
    return {"writeMs": min(writes) * 1000, "readMs": min(reads) * 1000}

default = run()
# NumPy asks the kernel for huge pages on big arrays (madvise), which JavaScript cannot;
# the second figure shows NumPy without them, to tell that cost from the codec's own.
_set_madvise_hugepage(False)
plain = run()
print(json.dumps({"default": default, "noHugePages": plain}))
`;

/**
 * Writes every side's earlier files out to disk before a timed write, so
 * that no write is throttled by the kernel for dirty pages another left.
 */
function flushDirtyPages(): void {
  execFileSync("sync");
}

async function timed(run: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await run();
  return performance.now() - start;
}

/** The same array on every side: `i * 0.5`. */
function sampleArray(n: number): NDArray {
  const data = new Float64Array(n);
  for (let i = 0; i < n; i++) data[i] = i * 0.5;
  return NDArray.from(data);
}

/** Best write and read times of writeNpyFile / readNpyFile, each write to a new file. */
async function timeOurs(array: NDArray, path: string, repeats: number): Promise<NpyTimes> {
  const n = array.size;
  const best = { writeMs: Number.POSITIVE_INFINITY, readMs: Number.POSITIVE_INFINITY };
  for (let r = 0; r < repeats; r++) {
    // Both sides write a new file: truncating the previous one costs more than writing.
    rmSync(path, { force: true });
    flushDirtyPages();
    best.writeMs = Math.min(best.writeMs, await timed(() => writeNpyFile(path, array)));
    let back: NDArray | undefined;
    best.readMs = Math.min(best.readMs, await timed(async () => (back = await readNpyFile(path))));
    if ((back!.data as Float64Array)[n - 1] !== (n - 1) * 0.5) throw new Error("read back wrong");
    back = undefined;
  }
  return best;
}

/** Runs {@link timeOurs} in a child process with the kernel hints switched off. */
function timeOursWithoutHints(mib: number, path: string, repeats: number): NpyTimes | undefined {
  try {
    const out = execFileSync(
      process.execPath,
      [
        ...process.execArgv,
        fileURLToPath(import.meta.url),
        "--child",
        String(mib),
        path,
        String(repeats),
      ],
      { encoding: "utf8", env: { ...process.env, [KERNEL_HINTS_ENV]: "0" } },
    );
    return JSON.parse(out) as NpyTimes;
  } catch {
    return undefined;
  }
}

/** The faster of two timings, write and read separately. */
function best(a: NpyTimes | undefined, b: NpyTimes | undefined): NpyTimes | undefined {
  if (!a || !b) return a ?? b;
  return { writeMs: Math.min(a.writeMs, b.writeMs), readMs: Math.min(a.readMs, b.readMs) };
}

/**
 * Runs the benchmark; the array holds `mib` MiB of float64. Each round
 * times every side once, one after the other, so that a busy machine slows
 * all of them alike; each figure is the best over the rounds.
 */
export async function benchNpyRoundtrip(mib = 256, repeats = 5): Promise<NpyBenchResult> {
  const n = (mib * 2 ** 20) / 8;
  const dir = mkdtempSync(join(tmpdir(), "npy-bench-"));
  try {
    const array = sampleArray(n);
    const ctx = {
      files: new FileAccess(join(dir, "raw")),
      engine: defaultEngine,
      logger: silentLogger,
    };
    let ours: NpyTimes | undefined;
    let viaEngine: NpyTimes | undefined;
    let oursWithoutHints: NpyTimes | undefined;
    let numpy: NpyTimes | undefined;
    let numpyNoHugePages: NpyTimes | undefined;
    for (let r = 0; r < repeats; r++) {
      ours = best(ours, await timeOurs(array, join(dir, "ours.npy"), 1));
      rmSync(join(dir, "ours.npy"), { force: true });

      let literal: Awaited<ReturnType<typeof defaultEngine.toLiteral>> | undefined;
      flushDirtyPages();
      const writeMs = await timed(async () => {
        literal = await defaultEngine.toLiteral(ctx, array, ndarray());
      });
      const readMs = await timed(() => defaultEngine.toValue(ctx, literal!, ndarray()));
      viaEngine = best(viaEngine, { writeMs, readMs });
      rmSync(join(dir, "raw"), { recursive: true, force: true });

      // Two in the child: its first round pays a fresh process's warm-up, which the others paid once.
      const child = timeOursWithoutHints(mib, join(dir, "child.npy"), 2);
      oursWithoutHints = best(oursWithoutHints, child);
      rmSync(join(dir, "child.npy"), { force: true });

      const numpyOut = execFileSync(
        "python3",
        ["-c", NUMPY_SCRIPT, String(n), join(dir, "numpy.npy"), "1"],
        { encoding: "utf8" },
      );
      const round = JSON.parse(numpyOut) as { default: NpyTimes; noHugePages: NpyTimes };
      numpy = best(numpy, round.default);
      numpyNoHugePages = best(numpyNoHugePages, round.noHugePages);
    }
    return {
      mib,
      ours: ours!,
      oursTransformer: viaEngine!,
      oursWithoutHints,
      numpy: numpy!,
      numpyNoHugePages: numpyNoHugePages!,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * The result as a few aligned lines with ratios ours / NumPy (below 1 is
 * faster). NumPy's figure is the faster of its two modes for each of write
 * and read: on a virtual machine, memory touched for the first time can make
 * huge pages slower than small ones, and a slow NumPy must not flatter us.
 */
export function formatNpyBench(result: NpyBenchResult): string {
  const numpy = best(result.numpy, result.numpyNoHugePages)!;
  const line = (label: string, t: NpyTimes) => {
    const total = t.writeMs + t.readMs;
    const numpyTotal = numpy.writeMs + numpy.readMs;
    return (
      `${label.padEnd(30)} write ${t.writeMs.toFixed(0).padStart(6)} ms  ` +
      `read ${t.readMs.toFixed(0).padStart(6)} ms  ` +
      `ratio write ${(t.writeMs / numpy.writeMs).toFixed(2)}x ` +
      `read ${(t.readMs / numpy.readMs).toFixed(2)}x ` +
      `total ${(total / numpyTotal).toFixed(2)}x`
    );
  };
  return [
    `npy round trip, ${result.mib} MiB float64 (best of runs; ratio = ours / NumPy's faster ` +
      `mode; kernel hints ${kernelHintsAvailable() ? "on" : "unavailable"})`,
    line("NumPy, faster of the two below", numpy),
    line("NumPy np.save / np.load", result.numpy),
    line("NumPy without huge pages", result.numpyNoHugePages),
    line("ours writeNpyFile/readNpyFile", result.ours),
    line("ours via t.ndarray() engine", result.oursTransformer),
    result.oursWithoutHints
      ? line("ours without kernel hints", result.oursWithoutHints)
      : "ours without kernel hints    (child run failed)",
  ].join("\n");
}

/** Round trips at each size, then the mmap open, as one report. */
export async function benchNpySuite(mibs = [256, 1024], repeats = 5): Promise<string> {
  const parts: string[] = [];
  for (const mib of mibs) parts.push(formatNpyBench(await benchNpyRoundtrip(mib, repeats)));
  parts.push(formatMmapOpen(await benchNpyMmapOpen(4, 20), 20));
  return parts.join("\n\n");
}

async function main(): Promise<void> {
  if (process.argv[2] === "--child") {
    const [mib, path, repeats] = process.argv.slice(3);
    const times = await timeOurs(sampleArray((Number(mib) * 2 ** 20) / 8), path!, Number(repeats));
    process.stdout.write(JSON.stringify(times));
    return;
  }
  const mibs = (process.argv[2] ?? "256,1024").split(",").map(Number);
  const repeats = Number(process.argv[3] ?? 5);
  console.log(await benchNpySuite(mibs, repeats));
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await main();
}
