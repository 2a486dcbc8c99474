import { execFileSync } from "node:child_process";
import { closeSync, fstatSync, openSync, readFileSync, rmSync } from "node:fs";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import {
  adviseHugePages,
  KERNEL_HINTS_ENV,
  kernelHintsAvailable,
  reserveFileSpace,
} from "../../src/platform/kernel-hints.js";

const MiB = 1 << 20;
const linux = process.platform === "linux";

/** The process's anonymous memory held in huge pages, in bytes. */
function anonHugePages(): number {
  const match = /AnonHugePages:\s+(\d+) kB/.exec(readFileSync("/proc/self/smaps_rollup", "utf8"));
  return Number(match?.[1] ?? 0) * 1024;
}

/** Whether the kernel gives huge pages to memory that asks for them. */
function transparentHugePagesOn(): boolean {
  try {
    const mode = readFileSync("/sys/kernel/mm/transparent_hugepage/enabled", "utf8");
    return /\[(always|madvise)\]/.test(mode);
  } catch {
    return false;
  }
}

describe.runIf(linux)("kernel hints on Linux", () => {
  const file = join(process.env.TMPDIR ?? "/tmp", `reserve-${process.pid}.bin`);
  afterEach(() => rmSync(file, { force: true }));

  it("reach the kernel through koffi, which CI installs", () => {
    expect(kernelHintsAvailable()).toBe(true);
  });

  it.runIf(transparentHugePagesOn())("back an advised buffer with huge pages once filled", () => {
    const before = anonHugePages();
    const buffer = new Uint8Array(64 * MiB);
    adviseHugePages(buffer);
    buffer.fill(7);
    // Only whole 2 MiB pages inside the buffer qualify: at most two are lost at the ends.
    expect(anonHugePages() - before).toBeGreaterThanOrEqual(60 * MiB);
    expect(buffer[64 * MiB - 1]).toBe(7);
  });

  it("reserve a file's blocks without changing its size", () => {
    const fd = openSync(file, "w");
    try {
      reserveFileSpace(fd, 16 * MiB);
      const stats = fstatSync(fd);
      expect(stats.size).toBe(0);
      expect(stats.blocks * 512).toBeGreaterThanOrEqual(16 * MiB);
    } finally {
      closeSync(fd);
    }
  });

  it("leave small files and buffers alone", () => {
    const fd = openSync(file, "w");
    try {
      reserveFileSpace(fd, 1 * MiB);
      expect(fstatSync(fd).blocks).toBe(0);
    } finally {
      closeSync(fd);
    }
  });

  it(`are switched off by ${KERNEL_HINTS_ENV}=0`, () => {
    const module = pathToFileURL(resolve("dist/platform/kernel-hints.js")).href;
    const script = `const m = await import(${JSON.stringify(module)}); console.log(m.kernelHintsAvailable());`;
    const run = (value: string) =>
      execFileSync(process.execPath, ["--input-type=module", "-e", script], {
        encoding: "utf8",
        env: { ...process.env, [KERNEL_HINTS_ENV]: value },
      }).trim();
    expect(run("0")).toBe("false");
    expect(run("1")).toBe("true");
  });
});
