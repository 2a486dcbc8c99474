import { Writable } from "node:stream";
import { finished } from "node:stream/promises";
import { DeleteObjectCommand, HeadObjectCommand, type S3Client } from "@aws-sdk/client-s3";
import type { StorageError } from "../../engine/errors.js";
import type { AtomicWrite } from "../file-access.js";
import type { UploadSettings } from "./client-config.js";
import { PartUploader } from "./part-uploader.js";
import { S3StorageError, s3Error } from "./s3-error.js";
import type { S3Location } from "./s3-uri.js";
import { uploadRequests } from "./upload-requests.js";

/**
 * Bytes the stream queues before `write()` asks the writer to wait. Small:
 * written chunks are copied into a part buffer at once, so this queue only
 * fills while every part slot is busy sending.
 */
const HIGH_WATER_MARK = 64 * 1024;

/**
 * Starts a streaming, atomic upload: bytes written to `stream` go straight
 * into part buffers and up as a multipart upload (a single PUT when they fit
 * in one part), so memory holds at most `queueSize + 1` parts however long
 * the stream (see {@link PartUploader}). The object appears only when
 * `commit()` completes the upload; ending `stream` alone does not complete it.
 * `abort()`, a destroyed stream, a failed part or the signal abort the
 * multipart upload, so no object and no pending upload remain when the server
 * can be reached.
 */
export function startAtomicUpload(
  client: S3Client,
  location: S3Location,
  uri: string,
  settings: UploadSettings,
  signal?: AbortSignal,
): AtomicWrite {
  signal?.throwIfAborted();
  const cancel = new AbortController();
  let failure: StorageError | undefined;
  // A failed part fails the writer at its next write instead of leaving it
  // waiting for room that will never come.
  const onFailure = (error: unknown) => {
    failure = s3Error("write", uri, error);
    if (!stream.destroyed) stream.destroy(failure);
  };
  const uploader = new PartUploader(
    uploadRequests(client, location, cancel.signal),
    settings,
    cancel,
    onFailure,
  );

  let written = 0;
  let state: "open" | "committing" | "committed" | "aborted" = "open";
  const stream = new Writable({
    highWaterMark: HIGH_WATER_MARK,
    // Strings are encoded straight into the part buffer.
    decodeStrings: false,
    write(chunk: Buffer | string, encoding, callback) {
      const appended =
        typeof chunk === "string" ? uploader.appendString(chunk, encoding) : uploader.append(chunk);
      written += typeof chunk === "string" ? Buffer.byteLength(chunk, encoding) : chunk.byteLength;
      appended.then(() => callback(), callback);
    },
    // Ending the stream must not finish the upload: only commit() may.
    final(callback) {
      callback();
    },
    // A finished stream is destroyed automatically; only an unfinished one
    // (or an error) means the bytes are incomplete and the upload must stop.
    // After a failed part the uploader is stopping already, and commit() is
    // left to report the failure itself.
    destroy(error, callback) {
      const incomplete = error !== null || !stream.writableFinished;
      if (incomplete && state === "open" && !failure) void write.abort();
      callback(error);
    },
  });

  // Failures also surface from commit(), so a stream error nobody listens
  // for must not crash the process; writers waiting on events still see it.
  stream.on("error", () => undefined);

  const onAbort = () => void write.abort();
  signal?.addEventListener("abort", onAbort, { once: true });

  const write: AtomicWrite = {
    uri,
    stream,
    async commit() {
      if (state === "committed") return;
      if (state !== "open") throw abortError(uri);
      state = "committing";
      try {
        if (!stream.writableFinished) {
          if (!stream.writableEnded && !stream.destroyed) stream.end();
          await finished(stream);
        }
        await uploader.finish();
        await verifySize(client, location, uri, written);
        state = "committed";
      } catch (error) {
        state = "aborted";
        // Report the upload's own failure over the stream's echo of it, once
        // the multipart upload has been aborted on the server.
        await uploader.abort();
        throw failure ?? s3Error("write", uri, error);
      } finally {
        signal?.removeEventListener("abort", onAbort);
      }
    },
    async abort() {
      if (state === "committed") return;
      if (state !== "aborted") {
        state = "aborted";
        signal?.removeEventListener("abort", onAbort);
        if (!stream.destroyed) stream.destroy();
      }
      // When abort() returns, the server holds no pending upload, also when
      // a destroyed stream started the abort before this call.
      await uploader.abort();
    },
  };
  return write;
}

function abortError(uri: string): S3StorageError {
  return new S3StorageError("aborted", `cannot write ${uri}: the write was aborted`, { uri });
}

/**
 * Belt and braces against a silently short object: the size S3 reports must
 * be the number of bytes written, or the object is deleted again.
 */
async function verifySize(
  client: S3Client,
  location: S3Location,
  uri: string,
  written: number,
): Promise<void> {
  const params = { Bucket: location.bucket, Key: location.key };
  const head = await client.send(new HeadObjectCommand(params));
  if (head.ContentLength === written) return;
  await client.send(new DeleteObjectCommand(params)).catch(() => undefined);
  throw new S3StorageError(
    "truncated_data",
    `cannot write ${uri}: ${written} bytes were written but the stored object holds ${head.ContentLength}`,
    { uri },
  );
}
