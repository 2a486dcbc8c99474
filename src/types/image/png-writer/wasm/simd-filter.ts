/**
 * Runs the writer's WebAssembly functions over an image: each row is copied
 * into WebAssembly memory next to the row above it and filtered into one
 * region that then holds every filtered row, ready for deflate and for the
 * Adler-32 that ends the zlib stream.
 */
import type { Scanlines } from "../scanlines.js";
import { writerModuleBytes } from "./module.js";
import { compileOnce, MAX_PAGES, PAGE, type WasmApi, wasm } from "./runtime.js";

/** Both return 32-bit integers that JavaScript sees as signed; read them back with `>>> 0`. */
type FilterRow = (cur: number, prev: number, out: number, n: number, bpp: number) => number;
type Adler32 = (at: number, length: number, adler: number) => number;

/**
 * Rows longer than this could overflow the filter's 32-bit sums (up to 128
 * per byte, 2^31 in all); they are left to the JavaScript filter.
 */
export const MAX_SIMD_ROW_BYTES = 1 << 24;

const writerModule = compileOnce(() => writerModuleBytes);

const roundUp16 = (n: number) => (n + 15) & ~15;

/**
 * Where things live in memory. Address 0: the lane mask table. Then three
 * rows (the zero row above the first, and two slots used in turn), each
 * with 16 zero bytes before it and room to read 16 past it; then the
 * filtered rows, with room to write 16 past the last.
 */
function layout(rowBytes: number, height: number) {
  const span = 16 + roundUp16(rowBytes) + 16;
  const filtered = 32 + 3 * span;
  return {
    zeroRow: 32 + 16,
    slots: [32 + span + 16, 32 + 2 * span + 16] as const,
    filtered,
    end: filtered + (rowBytes + 1) * height + 16,
  };
}

/** Filters the rows of one image with SIMD. */
export class SimdFilter {
  /** The filtered rows: a view of WebAssembly memory. */
  readonly filtered: Uint8Array;
  private readonly memory: Uint8Array;
  private readonly filterRow: FilterRow;
  private readonly adler: Adler32;
  private readonly places: ReturnType<typeof layout>;
  private readonly stride: number;

  private constructor(
    private readonly scanlines: Scanlines,
    module: object,
    api: WasmApi,
  ) {
    const { rowBytes, height } = scanlines;
    this.stride = rowBytes + 1;
    this.places = layout(rowBytes, height);
    const memory = new api.Memory({ initial: Math.ceil(this.places.end / PAGE) });
    const { exports } = new api.Instance(module, { env: { memory } });
    this.filterRow = exports.filterRow as FilterRow;
    this.adler = exports.adler32 as Adler32;
    this.memory = new Uint8Array(memory.buffer);
    this.memory.fill(0xff, 0, 16);
    const start = this.places.filtered;
    this.filtered = this.memory.subarray(start, start + this.stride * height);
  }

  /** A SIMD filter for `scanlines`, or `undefined` where one cannot be made. */
  static create(scanlines: Scanlines): SimdFilter | undefined {
    const module = writerModule();
    if (module === null || wasm === undefined) return undefined;
    if (scanlines.rowBytes > MAX_SIMD_ROW_BYTES) return undefined;
    if (layout(scanlines.rowBytes, scanlines.height).end > MAX_PAGES * PAGE) return undefined;
    try {
      return new SimdFilter(scanlines, module, wasm);
    } catch {
      // Memory of that size could not be had: the JavaScript filter needs less.
      return undefined;
    }
  }

  /** Filters row `y`; rows must come in order from 0. Returns the row's cost (see filterRow). */
  filter(y: number): number {
    const { slots, zeroRow, filtered } = this.places;
    const [slot, other] = y % 2 === 0 ? slots : [slots[1], slots[0]];
    this.memory.set(this.scanlines.row(y), slot);
    const prev = y === 0 ? zeroRow : other;
    const { rowBytes, bytesPerPixel } = this.scanlines;
    return this.filterRow(slot, prev, filtered + y * this.stride, rowBytes, bytesPerPixel) >>> 0;
  }

  /** Adler-32 of all filtered rows. */
  adler32(): number {
    return this.adler(this.places.filtered, this.filtered.length, 1) >>> 0;
  }
}

/**
 * Adler-32 of any bytes with the SIMD code (copied into a memory of their
 * own), or `undefined` without WebAssembly; the tests check it against zlib.
 */
export function simdAdler32(bytes: Uint8Array, adler = 1): number | undefined {
  const module = writerModule();
  if (module === null || wasm === undefined) return undefined;
  const memory = new wasm.Memory({ initial: Math.ceil((bytes.length + 1) / PAGE) });
  new Uint8Array(memory.buffer).set(bytes);
  const { exports } = new wasm.Instance(module, { env: { memory } });
  return (exports.adler32 as Adler32)(0, bytes.length, adler) >>> 0;
}
