/**
 * Runs the SIMD row filter of ./filter-module.ts over an image: each row is
 * copied into WebAssembly memory next to the row above it and filtered into
 * one region that then holds every filtered row, ready for deflate.
 */
import type { Scanlines } from "../scanlines.js";
import { filterModuleBytes } from "./filter-module.js";

/** The parts of the WebAssembly API used here (the project's type libraries do not declare it). */
interface WasmApi {
  readonly Module: new (bytes: Uint8Array) => object;
  readonly Instance: new (
    module: object,
    imports: Record<string, Record<string, unknown>>,
  ) => { readonly exports: Record<string, unknown> };
  readonly Memory: new (descriptor: { initial: number }) => { readonly buffer: ArrayBuffer };
}

/** Returns the cost as a signed 32-bit integer, to be read back as unsigned. */
type FilterRow = (cur: number, prev: number, out: number, n: number, bpp: number) => number;

const wasm = (globalThis as { WebAssembly?: WasmApi }).WebAssembly;

const PAGE = 64 * 1024;

/** WebAssembly memories hold at most 4 GiB. */
const MAX_PAGES = 65536;

/**
 * Rows longer than this could overflow the filter's 32-bit sums (up to 128
 * per byte, 2^31 in all); they are left to the JavaScript filter.
 */
export const MAX_SIMD_ROW_BYTES = 1 << 24;

/** Compiled once, on first use; `null` where WebAssembly SIMD is not available. */
let compiled: object | null | undefined;

function filterModule(): object | null {
  if (compiled === undefined) {
    try {
      compiled = wasm === undefined ? null : new wasm.Module(filterModuleBytes);
    } catch {
      compiled = null;
    }
  }
  return compiled;
}

const roundUp16 = (n: number) => (n + 15) & ~15;

/** Filters the rows of one image with the SIMD filter. */
export class SimdFilter {
  /** The filtered rows: a view of WebAssembly memory. */
  readonly filtered: Uint8Array;
  private readonly memory: Uint8Array;
  private readonly filterRow: FilterRow;
  private readonly zeroRow: number;
  private readonly slots: readonly [number, number];
  private readonly start: number;
  private readonly stride: number;

  private constructor(
    private readonly scanlines: Scanlines,
    module: object,
    api: WasmApi,
  ) {
    const { rowBytes, height } = scanlines;
    this.stride = rowBytes + 1;
    // Address 0: the lane mask table. Then three rows (the zero row and two
    // slots used in turn), each with 16 zero bytes before it and room to read
    // 16 past it, then the filtered rows with room to write 16 past the last.
    const span = 16 + roundUp16(rowBytes) + 16;
    this.zeroRow = 32 + 16;
    this.slots = [32 + span + 16, 32 + 2 * span + 16];
    this.start = 32 + 3 * span;
    const end = this.start + this.stride * height + 16;
    const memory = new api.Memory({ initial: Math.ceil(end / PAGE) });
    const instance = new api.Instance(module, { env: { memory } });
    this.filterRow = instance.exports.filterRow as FilterRow;
    this.memory = new Uint8Array(memory.buffer);
    this.memory.fill(0xff, 0, 16);
    this.filtered = this.memory.subarray(this.start, this.start + this.stride * height);
  }

  /** A SIMD filter for `scanlines`, or `undefined` where one cannot be made. */
  static create(scanlines: Scanlines): SimdFilter | undefined {
    const module = filterModule();
    if (module === null || wasm === undefined) return undefined;
    if (scanlines.rowBytes > MAX_SIMD_ROW_BYTES) return undefined;
    const bytes =
      32 +
      3 * (roundUp16(scanlines.rowBytes) + 32) +
      (scanlines.rowBytes + 1) * scanlines.height +
      16;
    if (Math.ceil(bytes / PAGE) > MAX_PAGES) return undefined;
    try {
      return new SimdFilter(scanlines, module, wasm);
    } catch {
      // Memory of that size could not be had: the JavaScript filter needs less.
      return undefined;
    }
  }

  /** Filters row `y`; rows must come in order from 0. Returns the row's cost (see filterRow). */
  filter(y: number): number {
    const slot = this.slots[y & 1]!;
    const prev = y === 0 ? this.zeroRow : this.slots[(y + 1) & 1]!;
    this.memory.set(this.scanlines.row(y), slot);
    return (
      this.filterRow(
        slot,
        prev,
        this.start + y * this.stride,
        this.scanlines.rowBytes,
        this.scanlines.bytesPerPixel,
      ) >>> 0
    );
  }
}
