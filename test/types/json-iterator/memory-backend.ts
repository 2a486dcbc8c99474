import { Readable, Writable } from "node:stream";
import type { AtomicWrite, StorageBackend } from "../../../src/storage/file-access.js";
import { FileAccess } from "../../../src/storage/files.js";

/** How the memory backend behaves; every field is optional. */
export interface MemoryBackendOptions {
  /** Bytes per chunk handed to readers (default 1 MiB). */
  readonly chunkBytes?: number;
  /** Readers fail with this error after handing out this many chunks. */
  readonly failReadAfterChunks?: number;
  /** Writers accept this many bytes before asking the producer to wait (default 16 KiB). */
  readonly writeHighWaterMark?: number;
  /** Called when a writer takes a chunk, before it finishes with it. */
  readonly onWrite?: (chunk: Buffer) => void;
}

/**
 * A `mem://` storage backend for tests: objects live in a Map, reads come
 * in chunks of a chosen size, writes are asynchronous (each chunk completes
 * on a later turn), and every stream it opens is recorded.
 */
export class MemoryBackend implements StorageBackend {
  readonly schemes = ["mem"] as const;
  readonly objects = new Map<string, Buffer>();
  readonly readStreams: Readable[] = [];
  readonly writeStreams: Writable[] = [];
  constructor(readonly options: MemoryBackendOptions = {}) {}

  async readBytes(uri: string) {
    return this.objects.get(uri);
  }
  async writeBytes(uri: string, bytes: Uint8Array) {
    this.objects.set(uri, Buffer.from(bytes));
  }
  async size(uri: string) {
    return this.objects.get(uri)?.length;
  }
  async readRange(uri: string, offset: number, length: number) {
    return (this.objects.get(uri) ?? Buffer.alloc(0)).subarray(offset, offset + length);
  }
  localPath() {
    return undefined;
  }

  async openRead(uri: string): Promise<Readable> {
    const data = this.objects.get(uri);
    if (!data) throw new Error(`no object ${uri}`);
    const size = this.options.chunkBytes ?? 1 << 20;
    const failAfter = this.options.failReadAfterChunks;
    // Object mode (the default of Readable.from) keeps each chunk as cut.
    const stream = Readable.from(
      (function* () {
        let handed = 0;
        for (let at = 0; at < data.length; at += size) {
          if (failAfter !== undefined && handed === failAfter) throw new Error("connection reset");
          handed++;
          yield data.subarray(at, at + size);
        }
      })(),
    );
    this.readStreams.push(stream);
    return stream;
  }

  async openWrite(uri: string): Promise<AtomicWrite> {
    const chunks: Buffer[] = [];
    const onWrite = this.options.onWrite;
    const stream = new Writable({
      highWaterMark: this.options.writeHighWaterMark ?? 16 * 1024,
      write(chunk: Buffer, _encoding, done) {
        onWrite?.(chunk);
        chunks.push(chunk);
        setImmediate(done);
      },
    });
    this.writeStreams.push(stream);
    const finished = new Promise<void>((resolve, reject) => {
      stream.once("finish", resolve);
      stream.once("error", reject);
    });
    return {
      uri,
      stream,
      commit: async () => {
        stream.end();
        await finished;
        this.objects.set(uri, Buffer.concat(chunks));
      },
      abort: async () => {
        stream.destroy();
      },
    };
  }
}

/** A FileAccess whose `mem://` URIs go to `backend`. */
export function memoryFiles(backend: MemoryBackend): FileAccess {
  const files = new FileAccess("mem://raw");
  files.register("mem", backend);
  return files;
}
