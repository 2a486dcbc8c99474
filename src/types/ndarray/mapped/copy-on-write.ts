/**
 * The private copy behind `mmapMode: "c"`: written bytes stay in memory, in
 * fixed-size chunks holding the file's bytes as changed, and reads see
 * them; the file is never written. Only chunks actually written are held.
 */

/** Chunk size: a write first copies the whole chunk it touches from the file. */
export const OVERLAY_CHUNK = 64 << 10;

/** Reads `length` bytes of the underlying file at `position`. */
export type ReadOriginal = (position: number, length: number) => Promise<Uint8Array>;

export class CopyOnWrite {
  readonly #chunks = new Map<number, Uint8Array>();
  readonly #fileSize: number;

  constructor(fileSize: number) {
    this.#fileSize = fileSize;
  }

  /** Bytes held in memory. */
  get heldBytes(): number {
    let total = 0;
    for (const chunk of this.#chunks.values()) total += chunk.length;
    return total;
  }

  /** Overwrites, in `bytes` (the file's bytes at `position`), whatever was written since. */
  apply(position: number, bytes: Uint8Array): void {
    if (this.#chunks.size === 0) return;
    const end = position + bytes.length;
    for (let index = Math.floor(position / OVERLAY_CHUNK); index * OVERLAY_CHUNK < end; index++) {
      const chunk = this.#chunks.get(index);
      if (!chunk) continue;
      const chunkStart = index * OVERLAY_CHUNK;
      const from = Math.max(position, chunkStart);
      const to = Math.min(end, chunkStart + chunk.length);
      bytes.set(chunk.subarray(from - chunkStart, to - chunkStart), from - position);
    }
  }

  /** Records a write of `bytes` at `position`, copying each chunk from the file on first touch. */
  async write(position: number, bytes: Uint8Array, readOriginal: ReadOriginal): Promise<void> {
    const end = position + bytes.length;
    for (let index = Math.floor(position / OVERLAY_CHUNK); index * OVERLAY_CHUNK < end; index++) {
      const chunkStart = index * OVERLAY_CHUNK;
      const chunkLength = Math.min(OVERLAY_CHUNK, this.#fileSize - chunkStart);
      let chunk = this.#chunks.get(index);
      if (!chunk) {
        const whole = position <= chunkStart && end >= chunkStart + chunkLength;
        chunk = whole ? new Uint8Array(chunkLength) : await readOriginal(chunkStart, chunkLength);
        this.#chunks.set(index, chunk);
      }
      const from = Math.max(position, chunkStart);
      const to = Math.min(end, chunkStart + chunkLength);
      chunk.set(bytes.subarray(from - position, to - position), from - chunkStart);
    }
  }
}
