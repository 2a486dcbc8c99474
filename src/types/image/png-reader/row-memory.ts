/**
 * The working memory rows are decoded in: a row of zeros (the row above
 * the first), two row slots used in turn (the row being decoded and the
 * one above it) and a staging area that inflated data is copied into. Each
 * part has 16 spare bytes after it, which the SIMD code may read or write.
 *
 * With WebAssembly SIMD this is a WebAssembly memory, where the rows are
 * decoded; memories are kept for the next image, since a fresh one costs more to
 * set up than the decoding done in it. Without, it is an ordinary buffer and
 * every row is decoded in JavaScript.
 */
import { unfilterRow } from "./unfilter-row.js";
import { type UnfilterExports, unfilterInstance } from "./wasm/module.js";

const roundUp16 = (n: number) => (n + 15) & ~15;

export interface RowMemory {
  /** The whole working memory. */
  readonly bytes: Uint8Array;
  readonly zeros: number;
  readonly slots: readonly [number, number];
  readonly staging: number;
  /** Bytes the staging area holds. */
  readonly stagingBytes: number;
  /** Decodes one row; false for a filter type PNG does not define. */
  unfilter(
    filter: number,
    src: number,
    above: number,
    out: number,
    n: number,
    bpp: number,
  ): boolean;
  /** Hands the memory back for another image; it must not be used after. */
  release(): void;
}

/** A WebAssembly memory with its functions, idle between images. */
interface Workspace {
  readonly memory: ArrayBuffer;
  readonly exports: UnfilterExports;
}

/** Idle workspaces; a few, since images are rarely decoded many at a time. */
const idle: Workspace[] = [];
const MAX_IDLE = 2;

function acquire(size: number): Workspace | undefined {
  const fits = idle.findIndex((workspace) => workspace.memory.byteLength >= size);
  if (fits >= 0) return idle.splice(fits, 1)[0];
  return unfilterInstance(size);
}

/**
 * Working memory for rows of `stride` bytes, with staging room for `piece`
 * bytes of inflated data plus a row left over from the piece before.
 */
export function rowMemory(stride: number, piece: number): RowMemory {
  const span = roundUp16(stride + 16);
  const zeros = 0;
  const slots = [span, 2 * span] as const;
  const staging = 3 * span;
  const stagingBytes = piece + stride + 1;
  const size = staging + roundUp16(stagingBytes + 16);
  const workspace = acquire(size);
  if (workspace === undefined) {
    const bytes = new Uint8Array(size);
    return {
      bytes,
      zeros,
      slots,
      staging,
      stagingBytes,
      unfilter: (filter, src, above, out, n, bpp) =>
        unfilterRow(bytes, filter, src, above, out, n, bpp),
      release() {},
    };
  }
  const bytes = new Uint8Array(workspace.memory);
  // A memory used before holds an old image's bytes where the zero row must be.
  bytes.fill(0, zeros, zeros + span);
  const { up, sub, average, paeth } = workspace.exports;
  return {
    bytes,
    zeros,
    slots,
    staging,
    stagingBytes,
    unfilter(filter, src, above, out, n, bpp) {
      const subN = filter === 1 ? sub.get(bpp) : undefined;
      if (subN !== undefined) subN(src, out, n);
      else if (filter === 2) up(src, above, out, n);
      else if (filter === 3) average(src, above, out, n, bpp);
      else if (filter === 4) paeth(src, above, out, n, bpp);
      else return unfilterRow(bytes, filter, src, above, out, n, bpp);
      return true;
    },
    release() {
      if (idle.length < MAX_IDLE) idle.push(workspace);
    },
  };
}
