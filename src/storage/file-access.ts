import type { Readable, Writable } from "node:stream";

/**
 * A write in progress. Bytes go to `stream`; nothing is visible at the
 * destination until `commit()` resolves, and `abort()` discards them, so a
 * failed task never leaves a half-written blob behind.
 */
export interface AtomicWrite {
  readonly uri: string;
  readonly stream: Writable;
  commit(): Promise<void>;
  abort(): Promise<void>;
}

/** A storage backend for one or more URI schemes. */
export interface StorageBackend {
  /** Schemes handled, such as `file` or `s3`; `""` stands for a plain path. */
  readonly schemes: readonly string[];
  /** Bytes of the object, or `undefined` when it does not exist. */
  readBytes(uri: string, signal?: AbortSignal): Promise<Uint8Array | undefined>;
  /** Writes the object whole and atomically. */
  writeBytes(uri: string, bytes: Uint8Array, signal?: AbortSignal): Promise<void>;
  /** Opens a streaming read; fails with a `not_found` StorageError if absent. */
  openRead(uri: string, signal?: AbortSignal): Promise<Readable>;
  /**
   * Opens a streaming, atomic write. `expectedSize`, when known, lets the
   * backend reserve space up front; it is a hint, not a promise.
   */
  openWrite(uri: string, signal?: AbortSignal, expectedSize?: number): Promise<AtomicWrite>;
  /** Size in bytes, or `undefined` when the object does not exist. */
  size(uri: string, signal?: AbortSignal): Promise<number | undefined>;
  /** Reads `length` bytes from `offset` (fewer at the end of the object). */
  readRange(uri: string, offset: number, length: number, signal?: AbortSignal): Promise<Uint8Array>;
  /** Removes the object if it exists (used to clean up after a failure). */
  remove?(uri: string, signal?: AbortSignal): Promise<void>;
  /** A local file path for the URI, when the backend stores objects as local files. */
  localPath(uri: string): string | undefined;
}
