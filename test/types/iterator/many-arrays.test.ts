/**
 * Memory of a typed iterator whose elements live in storage: 1,000 arrays
 * of 1 MiB (1 GiB in all) pass from one task to the next, and the consumer's
 * peak memory stays a small fraction of what holding them all would take.
 * Runs in a child process with a 64 MiB heap limit, so that the figures are
 * its own and not the test runner's.
 */
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { tempDir } from "../../helpers/context.js";

const CHILD = fileURLToPath(new URL("./many-arrays-child.ts", import.meta.url));
const COUNT = 1000;
const MIB = 1 << 20;

interface Peak {
  readonly rss: number;
  readonly arrayBuffers: number;
  readonly heapUsed: number;
}

interface Figures {
  readonly count: number;
  readonly checksum: number;
  readonly before: Peak;
  readonly producePeak: Peak;
  readonly consumePeak: Peak;
}

describe("t.iterator(t.ndarray()) of 1,000 arrays of 1 MiB", () => {
  it("is produced and consumed with peak memory far below the 1 GiB they add up to", () => {
    const run = spawnSync(
      process.execPath,
      ["--max-old-space-size=64", "--import", "tsx", CHILD, String(COUNT), tempDir()],
      { encoding: "utf8", timeout: 120_000 },
    );
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
    const figures = JSON.parse(run.stdout) as Figures;
    const mib = (bytes: number) => `${(bytes / MIB).toFixed(0)} MiB`;
    console.info(
      `1,000 x 1 MiB arrays: consumer peak rss ${mib(figures.consumePeak.rss)}, ` +
        `array buffers ${mib(figures.consumePeak.arrayBuffers)}, heap ${mib(figures.consumePeak.heapUsed)}; ` +
        `producer peak rss ${mib(figures.producePeak.rss)}, array buffers ${mib(figures.producePeak.arrayBuffers)}; ` +
        `rss at start ${mib(figures.before.rss)}`,
    );

    // Every array arrived, in order, with its content: sum over i of 2i.
    expect(figures.count).toBe(COUNT);
    expect(figures.checksum).toBe(COUNT * (COUNT - 1));
    // Holding them all would take 1,000 MiB of array buffers.
    expect(figures.consumePeak.arrayBuffers).toBeLessThan(100 * MIB);
    expect(figures.producePeak.arrayBuffers).toBeLessThan(150 * MIB);
    expect(figures.consumePeak.rss).toBeLessThan(250 * MIB);
    expect(figures.producePeak.rss).toBeLessThan(250 * MIB);
  });
});
