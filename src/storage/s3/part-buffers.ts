/**
 * The buffers one upload fills with part data, reused from part to part.
 *
 * A streamed upload holds a few parts of several MiB at once. Allocating a
 * fresh buffer per part (and concatenating the written chunks into it) leaves
 * each finished part as garbage that only a later garbage collection frees, so
 * resident memory climbed to several times what the upload needs. Reusing the
 * buffers keeps it at exactly the parts in use.
 */
export class PartBuffers {
  #free: Buffer[] = [];

  /**
   * A buffer of `size` bytes: a returned one when one of that size is free,
   * else a new one. Its contents are left over from earlier parts; callers
   * send only the bytes they wrote.
   */
  take(size: number): Buffer {
    for (let buffer = this.#free.pop(); buffer; buffer = this.#free.pop()) {
      // Parts only grow, so a free buffer of another size is never needed again.
      if (buffer.byteLength === size) return buffer;
    }
    return Buffer.allocUnsafeSlow(size);
  }

  /** Returns a buffer whose part is sent (or failed) and will not be read again. */
  give(buffer: Buffer): void {
    this.#free.push(buffer);
  }

  /** Lets go of every free buffer, once the upload is over. */
  clear(): void {
    this.#free = [];
  }
}
