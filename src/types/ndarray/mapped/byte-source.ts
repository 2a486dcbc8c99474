/**
 * Where a mapped array's bytes come from: a local file read and written at
 * positions through a file handle, or a remote object read by ranges
 * through `FileAccess` (ranged GETs on S3). Both count the bytes they move,
 * so that callers and tests can see that opening reads only the header.
 */
import type { FileHandle } from "node:fs/promises";
import { StorageError } from "../../../engine/errors.js";
import type { FileAccess } from "../../../storage/files.js";
import { readAt } from "../file-reads.js";
import { npyError } from "../npy-header.js";

/** Random access to the bytes of one file or object. */
export interface ByteSource {
  /** Path or URI, for messages. */
  readonly name: string;
  /** Size in bytes when opened. */
  readonly size: number;
  /** True when {@link write} reaches the file (a local file opened for writing). */
  readonly writable: boolean;
  /** Bytes read so far (header included). */
  readonly bytesRead: number;
  readonly bytesWritten: number;
  /** Exactly `length` bytes at `position`, in a buffer of their own. */
  read(position: number, length: number, signal?: AbortSignal): Promise<Uint8Array>;
  write(position: number, bytes: Uint8Array, signal?: AbortSignal): Promise<void>;
  /** Makes written bytes durable (fsync). */
  sync(): Promise<void>;
  close(): Promise<void>;
}

/**
 * Closes the handles of mapped arrays dropped without `close()`, as the
 * garbage collector finds them (Node would otherwise warn, then close them).
 */
const unclosed = new FinalizationRegistry<FileHandle>((handle) => {
  handle.close().catch(() => {});
});

/** Largest single write; `fs` refuses writes above 2 GiB. */
const WRITE_CHUNK = 1 << 30;

/** A local file, read and written with positioned I/O. */
export class FileSource implements ByteSource {
  readonly name: string;
  readonly size: number;
  readonly writable: boolean;
  bytesRead = 0;
  bytesWritten = 0;
  readonly #handle: FileHandle;
  #closed = false;

  constructor(handle: FileHandle, name: string, size: number, writable: boolean) {
    this.#handle = handle;
    this.name = name;
    this.size = size;
    this.writable = writable;
    unclosed.register(this, handle, this);
  }

  async read(position: number, length: number, signal?: AbortSignal): Promise<Uint8Array> {
    this.#open();
    const bytes = await readAt(this.#handle, position, length, signal, this.name);
    this.bytesRead += length;
    return bytes;
  }

  async write(position: number, bytes: Uint8Array, signal?: AbortSignal): Promise<void> {
    this.#open();
    let written = 0;
    while (written < bytes.length) {
      signal?.throwIfAborted();
      const length = Math.min(WRITE_CHUNK, bytes.length - written);
      const result = await this.#handle.write(bytes, written, length, position + written);
      written += result.bytesWritten;
    }
    this.bytesWritten += bytes.length;
  }

  async sync(): Promise<void> {
    this.#open();
    await this.#handle.sync();
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    unclosed.unregister(this);
    await this.#handle.close();
  }

  #open(): void {
    if (this.#closed) {
      throw new StorageError("closed", `cannot access ${this.name}: the mapped array was closed`, {
        uri: this.name,
      });
    }
  }
}

/** Largest ranged request; bigger reads are split and fetched a few at a time. */
const RANGE_BYTES = 64 << 20;
const PARALLEL_RANGES = 4;

/** A remote object read by ranges; writes are refused (object stores have no positioned writes). */
export class RemoteSource implements ByteSource {
  readonly writable = false;
  bytesRead = 0;
  readonly bytesWritten = 0;
  readonly #files: FileAccess;

  constructor(
    files: FileAccess,
    readonly name: string,
    readonly size: number,
  ) {
    this.#files = files;
  }

  async read(position: number, length: number, signal?: AbortSignal): Promise<Uint8Array> {
    const out = new Uint8Array(length);
    const starts: number[] = [];
    for (let at = 0; at < length; at += RANGE_BYTES) starts.push(at);
    for (let first = 0; first < starts.length; first += PARALLEL_RANGES) {
      await Promise.all(
        starts.slice(first, first + PARALLEL_RANGES).map(async (at) => {
          const want = Math.min(RANGE_BYTES, length - at);
          const got = await this.#files.readRange(this.name, position + at, want, signal);
          if (got.length < want) {
            const end = position + at + got.length;
            throw npyError("truncated_data", this.name, `object ended at byte ${end}`);
          }
          out.set(got, at);
        }),
      );
    }
    this.bytesRead += length;
    return out;
  }

  async write(): Promise<void> {
    throw new StorageError(
      "read_only",
      `cannot write ${this.name}: an object in remote storage has no positioned writes`,
      { uri: this.name },
    );
  }

  async sync(): Promise<void> {}

  async close(): Promise<void> {}
}
