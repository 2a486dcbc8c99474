import { randomBytes } from "node:crypto";
import { mkdir, open, readFile, rename, rm, stat, writeFile } from "node:fs/promises";
import { dirname } from "node:path";
import type { Readable } from "node:stream";
import { StorageError } from "../engine/errors.js";
import { reserveFileSpace } from "../platform/kernel-hints.js";
import type { AtomicWrite, StorageBackend } from "./file-access.js";
import { trackPartial, untrackPartial } from "./partial-files.js";
import { toLocalPath } from "./uri.js";

function isNotFound(error: unknown): boolean {
  return (error as NodeJS.ErrnoException | undefined)?.code === "ENOENT";
}

function storageError(verb: string, uri: string, error: unknown): StorageError {
  const reason = (error as NodeJS.ErrnoException).code ?? String(error);
  return new StorageError(
    isNotFound(error) ? "not_found" : "io_error",
    `cannot ${verb} ${uri}: ${reason}`,
    {
      uri,
      cause: error,
    },
  );
}

/** Temporary sibling path; the rename onto the target is atomic on one file system. */
function temporaryPath(path: string): string {
  return trackPartial(`${path}.${randomBytes(6).toString("hex")}.partial`);
}

/** Plain paths and `file://` URIs: objects are files on the local disk. */
export class LocalBackend implements StorageBackend {
  readonly schemes = ["", "file"] as const;

  localPath(uri: string): string {
    return toLocalPath(uri);
  }

  async readBytes(uri: string): Promise<Uint8Array | undefined> {
    try {
      return await readFile(toLocalPath(uri));
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw storageError("read", uri, error);
    }
  }

  async writeBytes(uri: string, bytes: Uint8Array): Promise<void> {
    const path = toLocalPath(uri);
    const partial = temporaryPath(path);
    try {
      await mkdir(dirname(path), { recursive: true });
      await writeFile(partial, bytes);
      await rename(partial, path);
    } catch (error) {
      await rm(partial, { force: true });
      throw storageError("write", uri, error);
    } finally {
      untrackPartial(partial);
    }
  }

  async openRead(uri: string): Promise<Readable> {
    const path = toLocalPath(uri);
    // Open first so that a missing file fails here, not on the stream's first read.
    const handle = await open(path, "r").catch((error: unknown) => {
      throw storageError("open", uri, error);
    });
    // The stream must own the FileHandle: a bare fd number lets the handle be
    // garbage-collected, which closes the descriptor under a long read (EBADF).
    return handle.createReadStream({ highWaterMark: 1 << 20 });
  }

  async openWrite(uri: string, _signal?: AbortSignal, expectedSize?: number): Promise<AtomicWrite> {
    const path = toLocalPath(uri);
    const partial = temporaryPath(path);
    await mkdir(dirname(path), { recursive: true });
    const handle = await open(partial, "w").catch((error: unknown) => {
      untrackPartial(partial);
      throw storageError("write", uri, error);
    });
    if (expectedSize !== undefined) reserveFileSpace(handle.fd, expectedSize);
    // The stream owns the handle and closes it when it ends or is destroyed.
    const stream = handle.createWriteStream({ highWaterMark: 1 << 20 });
    const closed = new Promise<void>((resolve, reject) => {
      stream.once("close", resolve);
      stream.once("error", reject);
    });
    // Observed by commit() or abort(); a failure before either must not be unhandled.
    closed.catch(() => undefined);
    return {
      uri,
      stream,
      async commit() {
        if (!stream.writableEnded) stream.end();
        try {
          await closed;
          await rename(partial, path);
        } catch (error) {
          await rm(partial, { force: true });
          throw storageError("write", uri, error);
        } finally {
          untrackPartial(partial);
        }
      },
      async abort() {
        stream.destroy();
        await closed.catch(() => undefined);
        await rm(partial, { force: true });
        untrackPartial(partial);
      },
    };
  }

  async remove(uri: string): Promise<void> {
    await rm(toLocalPath(uri), { force: true });
  }

  async size(uri: string): Promise<number | undefined> {
    try {
      return (await stat(toLocalPath(uri))).size;
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw storageError("stat", uri, error);
    }
  }

  async readRange(uri: string, offset: number, length: number): Promise<Uint8Array> {
    const handle = await open(toLocalPath(uri), "r").catch((error: unknown) => {
      throw storageError("open", uri, error);
    });
    try {
      const buffer = Buffer.allocUnsafe(length);
      let filled = 0;
      while (filled < length) {
        const { bytesRead } = await handle.read(buffer, filled, length - filled, offset + filled);
        if (bytesRead === 0) break;
        filled += bytesRead;
      }
      return buffer.subarray(0, filled);
    } finally {
      await handle.close();
    }
  }
}
