/**
 * The bytes of each row of raw pixels as a PNG scanline holds them before
 * filtering: samples interleaved, 16-bit samples big-endian.
 * https://www.w3.org/TR/png/#7Scanline
 */
import type { CheckedPixels } from "../raw-pixels.js";

/** True where a Uint16Array keeps its low byte first, as on every host Node runs on today. */
const littleEndianHost = new Uint8Array(Uint16Array.of(1).buffer)[0] === 1;

/** Reads the unfiltered scanlines of an image, one row at a time. */
export class Scanlines {
  /** Bytes in one row, without the filter type byte. */
  readonly rowBytes: number;
  /** Bytes per complete pixel: how far back the Sub, Average and Paeth filters look. */
  readonly bytesPerPixel: number;
  readonly height: number;
  private readonly bytes: Uint8Array;
  /** Two rows used in turn when samples need byte-swapping, so row y - 1 stays valid. */
  private readonly swapped: readonly [Buffer, Buffer] | undefined;

  constructor(pixels: CheckedPixels) {
    const { data, width, height, channels, depth } = pixels;
    this.bytesPerPixel = (channels * depth) / 8;
    this.rowBytes = width * this.bytesPerPixel;
    this.height = height;
    this.bytes = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
    this.swapped =
      depth === 16 && littleEndianHost
        ? [Buffer.alloc(this.rowBytes), Buffer.alloc(this.rowBytes)]
        : undefined;
  }

  /**
   * Row `y`'s bytes. When 16-bit samples need swapping the result is a
   * reused buffer, valid until row `y + 2` is read.
   */
  row(y: number): Uint8Array {
    const start = y * this.rowBytes;
    const samples = this.bytes.subarray(start, start + this.rowBytes);
    if (this.swapped === undefined) return samples;
    const out = this.swapped[y & 1]!;
    out.set(samples);
    return out.swap16();
  }
}
