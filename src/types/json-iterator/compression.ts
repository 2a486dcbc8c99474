import { once } from "node:events";
import { Readable, type Writable } from "node:stream";
import { createGunzip, createGzip } from "node:zlib";
import { describeError, FormatError, isFlytekitError } from "../../engine/errors.js";

/**
 * How a JSON Lines file is compressed when written. `"gzip"` is what
 * Python's `gzip.open` reads and writes. zstd is not offered: Node 20's zlib
 * has none (it arrives in Node 22.15), and no package is worth a native or
 * WebAssembly dependency for it.
 */
export type JsonLinesCompression = "none" | "gzip";

export const COMPRESSIONS: readonly JsonLinesCompression[] = ["none", "gzip"];

/** The first bytes of every gzip member (RFC 1952, section 2.3.1). */
const GZIP_MAGIC = [0x1f, 0x8b];

/** The first bytes of a zstd frame (RFC 8878, section 3.1.1). */
const ZSTD_MAGIC = [0x28, 0xb5, 0x2f, 0xfd];

/** A stream to write into, and how to finish it before the destination is committed. */
export interface Sink {
  readonly stream: Writable;
  finish(): Promise<void>;
  destroy(): void;
}

/**
 * A sink that gzips into `destination`, passing its backpressure on: writes
 * wait while the destination is full. `finish` flushes the last compressed
 * bytes into the destination, leaving it open for its own commit.
 */
export function gzipSink(destination: Writable): Sink {
  const gzip = createGzip();
  gzip.pipe(destination, { end: false });
  // A failing destination fails the gzip stream, so the writer sees it on its next write.
  destination.once("error", (error) => gzip.destroy(error));
  const ended = once(gzip, "end");
  ended.catch(() => undefined);
  return {
    stream: gzip,
    async finish() {
      gzip.end();
      await ended;
    },
    destroy: () => gzip.destroy(),
  };
}

/** A sink that writes into `destination` as it is. */
export function plainSink(destination: Writable): Sink {
  return { stream: destination, finish: async () => undefined, destroy: () => undefined };
}

/**
 * The bytes of a JSON Lines file, decompressed when it is gzip (told by its
 * first bytes, whatever its name). A zstd file gets a clear error instead of
 * a parse error on line 1.
 */
export async function* decompressed(
  chunks: AsyncIterable<Buffer>,
  uri: string,
): AsyncGenerator<Buffer> {
  const iterator = chunks[Symbol.asyncIterator]();
  let head: Buffer = Buffer.alloc(0);
  // Read on only while the start could still be a magic number: plain text flows at once.
  while (head.length === 0 || [GZIP_MAGIC, ZSTD_MAGIC].some((magic) => partOf(head, magic))) {
    const next = await iterator.next();
    if (next.done) break;
    head = head.length === 0 ? next.value : Buffer.concat([head, next.value]);
  }
  const all = (async function* () {
    try {
      if (head.length > 0) yield head;
      for (;;) {
        const next = await iterator.next();
        if (next.done) return;
        yield next.value;
      }
    } finally {
      await iterator.return?.();
    }
  })();
  if (startsWith(head, ZSTD_MAGIC)) {
    throw new FormatError(
      "unsupported_compression",
      `cannot read ${uri}: it is zstd-compressed, which this reader does not decompress; ` +
        "decompress it first or write it with gzip",
      { uri },
    );
  }
  yield* startsWith(head, GZIP_MAGIC) ? gunzipped(all, uri) : all;
}

/** Streams `source` through gunzip; damaged data ends in a FormatError naming the file. */
async function* gunzipped(source: AsyncIterable<Buffer>, uri: string): AsyncGenerator<Buffer> {
  const input = Readable.from(source);
  const gunzip = createGunzip();
  input.once("error", (error) => gunzip.destroy(error));
  input.pipe(gunzip);
  try {
    for await (const chunk of gunzip) yield chunk as Buffer;
  } catch (error) {
    if (isFlytekitError(error)) throw error;
    throw new FormatError(
      "invalid_gzip",
      `cannot read ${uri}: its gzip data is damaged (${describeError(error)})`,
      { uri, cause: error },
    );
  } finally {
    input.destroy();
    gunzip.destroy();
  }
}

function startsWith(bytes: Buffer, magic: readonly number[]): boolean {
  return bytes.length >= magic.length && magic.every((byte, index) => bytes[index] === byte);
}

/** True when `bytes` is a proper start of `magic`, so more bytes are needed to tell. */
function partOf(bytes: Buffer, magic: readonly number[]): boolean {
  return bytes.length < magic.length && bytes.every((byte, index) => magic[index] === byte);
}
