/**
 * Receives a PNG's inflated image data, in one piece or several, and
 * decodes every complete row as it arrives. Each piece is copied into the
 * staging area after what is left of the piece before (less than a row);
 * each row is decoded into a slot of the working memory next to the row
 * above it, then copied into the image. The image may be the inflated data
 * itself: row y is written at y * stride, which that data has already been
 * copied from.
 */
import type { RowMemory } from "./row-memory.js";

/** Why the data could not be decoded; the caller words the error. */
export type RowFault =
  | { readonly kind: "bad_filter"; readonly row: number; readonly filter: number }
  | { readonly kind: "too_much"; readonly bytes: number };

export class RowSink {
  /** Rows decoded so far. */
  private rows = 0;
  /** Bytes received so far. */
  private received = 0;
  /** Bytes at the start of the staging area not yet decoded (part of a row). */
  private leftover = 0;

  /** Decodes `height` rows of `stride` bytes, `bpp` bytes per pixel, into `image`. */
  constructor(
    private readonly memory: RowMemory,
    private readonly image: Uint8Array,
    private readonly stride: number,
    private readonly bpp: number,
    private readonly height: number,
  ) {}

  /** Bytes of filtered data a complete image has. */
  get expectedBytes(): number {
    return this.height * (this.stride + 1);
  }

  /** True once every row has been decoded. */
  get complete(): boolean {
    return this.rows === this.height;
  }

  /** Decodes the complete rows in `piece`; returns a fault, or undefined when all is well. */
  push(piece: Uint8Array): RowFault | undefined {
    this.received += piece.length;
    if (this.received > this.expectedBytes) return { kind: "too_much", bytes: this.received };
    const room = this.memory.stagingBytes - this.stride - 1;
    for (let at = 0; at < piece.length; at += room) {
      const fault = this.decodeStaged(piece.subarray(at, at + room));
      if (fault) return fault;
    }
    return undefined;
  }

  /** Appends `part` (no longer than the staging room) and decodes the rows now complete. */
  private decodeStaged(part: Uint8Array): RowFault | undefined {
    const { memory, stride, bpp } = this;
    const { bytes, staging } = memory;
    bytes.set(part, staging + this.leftover);
    const end = staging + this.leftover + part.length;
    let at = staging;
    for (; at + stride + 1 <= end; at += stride + 1) {
      const { rows } = this;
      const out = memory.slots[rows % 2]!;
      const above = rows === 0 ? memory.zeros : memory.slots[(rows + 1) % 2]!;
      const filter = bytes[at]!;
      if (!memory.unfilter(filter, at + 1, above, out, stride, bpp)) {
        return { kind: "bad_filter", row: rows, filter };
      }
      this.image.set(bytes.subarray(out, out + stride), rows * stride);
      this.rows = rows + 1;
    }
    bytes.copyWithin(staging, at, end);
    this.leftover = end - at;
    return undefined;
  }
}
