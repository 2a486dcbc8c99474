/**
 * Opens a large .npy array with mmapMode "r" here and with NumPy
 * (np.load(mmap_mode="r")) and reports the time to open and the resident
 * memory it adds. The file is made sparse (createNpy extends it with
 * truncate), so it takes no disk space and nothing but the header exists
 * to be read.
 *
 *   npx tsx bench/npy-mmap-open.ts [GiB] [repeats]
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { createNpy, type MappedNDArray, openNpy } from "../src/types/ndarray/index.js";

export interface MmapOpenResult {
  readonly gib: number;
  /** Best and median time of openNpy, in milliseconds. */
  readonly openMs: number;
  readonly medianOpenMs: number;
  /** Bytes read by one open (the header only). */
  readonly bytesRead: number;
  /** Resident memory added by holding every opened array, in MB. */
  readonly addedRssMb: number;
  /** Time to then read the last item, in milliseconds. */
  readonly lastItemMs: number;
  readonly numpyOpenMs: number;
  readonly numpyAddedRssMb: number;
}

const NUMPY_SCRIPT = `
import json, sys, time
import numpy as np
path, repeats = sys.argv[1], int(sys.argv[2])
def rss():
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * 4096
times, held = [], []
before = rss()
for _ in range(repeats):
    t = time.perf_counter(); held.append(np.load(path, mmap_mode="r")); times.append(time.perf_counter() - t)
print(json.dumps({"openMs": min(times) * 1000, "addedRssMb": (rss() - before) / 1e6}))
`;

export async function benchNpyMmapOpen(gib = 4, repeats = 20): Promise<MmapOpenResult> {
  const dir = mkdtempSync(join(tmpdir(), "npy-mmap-bench-"));
  try {
    const path = join(dir, "big.npy");
    const count = (gib * 2 ** 30) / 8;
    const created = await createNpy(path, { dtype: "float64", shape: [count] });
    await created.set([count - 1], 1.5);
    await created.close();

    const held: MappedNDArray[] = [];
    const times: number[] = [];
    globalThis.gc?.();
    const rssBefore = process.memoryUsage().rss;
    for (let r = 0; r < repeats; r++) {
      const start = performance.now();
      held.push(await openNpy(path, { mmapMode: "r" }));
      times.push(performance.now() - start);
    }
    const rssAfter = process.memoryUsage().rss;
    const first = held[0]!;
    const bytesRead = first.bytesRead;
    const start = performance.now();
    const last = await first.get(count - 1);
    const lastItemMs = performance.now() - start;
    if (last !== 1.5) throw new Error(`read back ${String(last)}, expected 1.5`);
    await Promise.all(held.map((a) => a.close()));

    const numpy = JSON.parse(
      execFileSync("python3", ["-c", NUMPY_SCRIPT, path, String(repeats)], { encoding: "utf8" }),
    ) as { openMs: number; addedRssMb: number };
    const sorted = [...times].sort((a, b) => a - b);
    return {
      gib,
      openMs: sorted[0]!,
      medianOpenMs: sorted[Math.floor(sorted.length / 2)]!,
      bytesRead,
      addedRssMb: (rssAfter - rssBefore) / 1e6,
      lastItemMs,
      numpyOpenMs: numpy.openMs,
      numpyAddedRssMb: numpy.addedRssMb,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export function formatMmapOpen(r: MmapOpenResult, repeats = 20): string {
  return [
    `mmapMode "r" open of a ${r.gib} GiB float64 .npy (sparse; ${repeats} opens held at once)`,
    `ours   open best ${r.openMs.toFixed(2)} ms, median ${r.medianOpenMs.toFixed(2)} ms ` +
      `(target < 10 ms); reads ${r.bytesRead} bytes; added RSS ${r.addedRssMb.toFixed(1)} MB ` +
      `for all ${repeats} (target < 50 MB); last item read in ${r.lastItemMs.toFixed(2)} ms`,
    `NumPy  open best ${r.numpyOpenMs.toFixed(2)} ms; added RSS ${r.numpyAddedRssMb.toFixed(1)} MB`,
  ].join("\n");
}

async function main(): Promise<void> {
  const gib = Number(process.argv[2] ?? 4);
  const repeats = Number(process.argv[3] ?? 20);
  console.log(formatMmapOpen(await benchNpyMmapOpen(gib, repeats), repeats));
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await main();
}
