import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { StorageError } from "../engine/errors.js";
import type { AtomicWrite, StorageBackend } from "./file-access.js";
import { LocalBackend } from "./local-backend.js";
import { trackWrite } from "./pending-writes.js";
import { randomBlobUri } from "./random-path.js";
import { loadS3Backend } from "./s3/load.js";
import { TransferLog } from "./transfers.js";
import { schemeOf } from "./uri.js";

/** Loads the backend for a scheme on first use, so that cloud SDKs load only when needed. */
export type BackendLoader = () => Promise<StorageBackend>;

/**
 * Where blobs go and come from: one object over every storage backend,
 * chosen by URI scheme, plus the raw output prefix new blobs are written under.
 */
export class FileAccess {
  readonly rawOutputPrefix: string;
  /** Streams in flight, for progress displays; counted only once watched. */
  readonly transfers = new TransferLog();
  readonly #backends = new Map<string, StorageBackend>();
  readonly #loaders = new Map<string, BackendLoader>();
  #scratch: Promise<string> | undefined;

  constructor(rawOutputPrefix: string) {
    this.rawOutputPrefix = rawOutputPrefix;
    const local = new LocalBackend();
    for (const scheme of local.schemes) this.#backends.set(scheme, local);
    // Loaded on first use, so that the AWS SDK loads only when an s3:// URI is used.
    this.#loaders.set("s3", loadS3Backend);
  }

  /** Registers a backend (or a lazy loader of one) for a scheme. */
  register(scheme: string, backend: StorageBackend | BackendLoader): void {
    if (typeof backend === "function") this.#loaders.set(scheme, backend);
    else this.#backends.set(scheme, backend);
  }

  /** The backend for a URI's scheme. */
  async backend(uri: string): Promise<StorageBackend> {
    const scheme = schemeOf(uri);
    const known = this.#backends.get(scheme);
    if (known) return known;
    const loader = this.#loaders.get(scheme);
    if (!loader) {
      throw new StorageError(
        "unsupported_scheme",
        `cannot access ${uri}: no storage backend for "${scheme}://"`,
        {
          uri,
        },
      );
    }
    const loaded = await loader();
    this.#backends.set(scheme, loaded);
    return loaded;
  }

  /** A fresh URI `<raw output prefix>/<32 hex>/<fileName>` for a new blob. */
  newBlobUri(fileName: string): string {
    return randomBlobUri(this.rawOutputPrefix, fileName);
  }

  /** A private scratch folder for this process, created on first use. */
  scratchDir(): Promise<string> {
    this.#scratch ??= mkdtemp(join(tmpdir(), "flytekit-ts-"));
    return this.#scratch;
  }

  async readBytes(uri: string, signal?: AbortSignal): Promise<Uint8Array> {
    const bytes = await (await this.backend(uri)).readBytes(uri, signal);
    if (bytes === undefined)
      throw new StorageError("not_found", `cannot read ${uri}: no such file or object`, { uri });
    return bytes;
  }

  /** Bytes of the object, or `undefined` when it does not exist. */
  async tryReadBytes(uri: string, signal?: AbortSignal): Promise<Uint8Array | undefined> {
    return (await this.backend(uri)).readBytes(uri, signal);
  }

  async writeBytes(uri: string, bytes: Uint8Array, signal?: AbortSignal): Promise<void> {
    await (await this.backend(uri)).writeBytes(uri, bytes, signal);
  }

  async openRead(uri: string, signal?: AbortSignal): Promise<Readable> {
    return this.transfers.countRead(uri, await (await this.backend(uri)).openRead(uri, signal));
  }

  /** Opens a streaming, atomic write; `expectedSize` is a hint for reserving space. */
  async openWrite(uri: string, signal?: AbortSignal, expectedSize?: number): Promise<AtomicWrite> {
    const backend = await this.backend(uri);
    return trackWrite(
      this.transfers.countWrite(await backend.openWrite(uri, signal, expectedSize)),
    );
  }

  async size(uri: string, signal?: AbortSignal): Promise<number | undefined> {
    return (await this.backend(uri)).size(uri, signal);
  }

  async readRange(
    uri: string,
    offset: number,
    length: number,
    signal?: AbortSignal,
  ): Promise<Uint8Array> {
    return (await this.backend(uri)).readRange(uri, offset, length, signal);
  }

  /** Removes an object if its backend can; a missing object is not an error. */
  async remove(uri: string, signal?: AbortSignal): Promise<void> {
    await (await this.backend(uri)).remove?.(uri, signal);
  }

  /** Local file path of a URI when its backend keeps objects as local files. */
  async localPath(uri: string): Promise<string | undefined> {
    return (await this.backend(uri)).localPath(uri);
  }

  /**
   * Streams `source` into `uri` atomically: the object appears whole when the
   * source ends, or not at all if the source or the write fails.
   * `expectedSize` is the number of bytes the source will give, when known.
   */
  async writeStream(
    uri: string,
    source: Readable | AsyncIterable<Uint8Array>,
    signal?: AbortSignal,
    expectedSize?: number,
  ): Promise<void> {
    const write = await this.openWrite(uri, signal, expectedSize);
    try {
      await pipeline(source, write.stream, signal ? { signal } : {});
      await write.commit();
    } catch (error) {
      await write.abort();
      throw error;
    }
  }
}
