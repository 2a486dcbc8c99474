/**
 * Two hints to the Linux kernel that make big array reads and writes as fast
 * as NumPy's, which gives the same hints:
 *
 * - huge pages for a fresh read buffer (`madvise(MADV_HUGEPAGE)`): a buffer
 *   of hundreds of MiB is otherwise handed its memory 4 KiB at a time, one
 *   page fault each, which costs more than copying the data into it;
 * - the whole length of a file about to be written reserved at once
 *   (`fallocate`), instead of block by block as the writes arrive.
 *
 * JavaScript cannot make either call, so they go through the optional
 * `koffi` foreign-function package, loaded on first use. Where it is not
 * installed, on other systems, or with `FLYTEKIT_TS_KERNEL_HINTS=0`, both
 * are no-ops: they only change speed, never results, and their own failures
 * are ignored for the same reason.
 */
import { createRequire } from "node:module";

/** Environment variable that switches the hints off when set to `0`. */
export const KERNEL_HINTS_ENV = "FLYTEKIT_TS_KERNEL_HINTS";

/** Below this, a call costs more than the page faults or block allocations it saves. */
const MIN_HINTED_BYTES = 8 << 20;
const PAGE = 4096n;
/** `MADV_HUGEPAGE` from Linux's mman-common.h. */
const MADV_HUGEPAGE = 14;
/** `FALLOC_FL_KEEP_SIZE` from Linux's falloc.h: reserve blocks, leave the size to the writes. */
const FALLOC_FL_KEEP_SIZE = 1;

interface LibcCalls {
  readonly address: (view: Uint8Array) => bigint;
  readonly madvise: (start: bigint, length: bigint, advice: number) => number;
  readonly fallocate: (fd: number, mode: number, offset: number, length: number) => number;
}

/** The bound calls, `null` when unavailable; `undefined` until first needed. */
let libc: LibcCalls | null | undefined;

/**
 * Asks for huge pages behind `buffer` before it is first written, so that
 * filling it faults in 2 MiB at a time. Call it on a freshly allocated
 * buffer that is about to be filled whole.
 */
export function adviseHugePages(buffer: Uint8Array): void {
  if (buffer.byteLength < MIN_HINTED_BYTES) return;
  const calls = loadLibc();
  if (!calls) return;
  const address = calls.address(buffer);
  // madvise wants page-aligned bounds; only whole pages inside the buffer are advised.
  const start = ((address + PAGE - 1n) / PAGE) * PAGE;
  const end = ((address + BigInt(buffer.byteLength)) / PAGE) * PAGE;
  if (end > start) calls.madvise(start, end - start, MADV_HUGEPAGE);
}

/**
 * Reserves disk blocks for the first `length` bytes of the file open as
 * `fd` before they are written. The file's size is left alone, so a write
 * that fails halfway leaves a file that is visibly short. Uses `fallocate`
 * rather than `posix_fallocate`, which on a file system without it would
 * write zeros over the whole length.
 */
export function reserveFileSpace(fd: number, length: number): void {
  if (length < MIN_HINTED_BYTES) return;
  loadLibc()?.fallocate(fd, FALLOC_FL_KEEP_SIZE, 0, length);
}

/** True when the hints reach the kernel (Linux, koffi installed, not switched off). */
export function kernelHintsAvailable(): boolean {
  return loadLibc() !== null;
}

function loadLibc(): LibcCalls | null {
  if (libc !== undefined) return libc;
  libc = null;
  if (process.platform !== "linux" || process.env[KERNEL_HINTS_ENV] === "0") return libc;
  try {
    const require = createRequire(import.meta.url);
    const koffi = require("koffi") as KoffiSubset;
    const lib = koffi.load("libc.so.6");
    libc = {
      address: (view) => koffi.address(view),
      madvise: lib.func(
        "int madvise(uintptr_t addr, size_t len, int advice)",
      ) as LibcCalls["madvise"],
      fallocate: lib.func(
        "int fallocate(int fd, int mode, int64_t offset, int64_t len)",
      ) as LibcCalls["fallocate"],
    };
  } catch {
    // Not installed (it is optional), no prebuilt binary, or no glibc: plain speed.
  }
  return libc;
}

/** The part of koffi's API used here. */
interface KoffiSubset {
  load(path: string): { func(signature: string): unknown };
  address(value: unknown): bigint;
}
