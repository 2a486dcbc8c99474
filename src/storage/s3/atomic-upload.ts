import { PassThrough, Writable } from "node:stream";
import { finished } from "node:stream/promises";
import { DeleteObjectCommand, HeadObjectCommand, type S3Client } from "@aws-sdk/client-s3";
import { Upload } from "@aws-sdk/lib-storage";
import type { AtomicWrite } from "../file-access.js";
import type { UploadSettings } from "./client-config.js";
import { S3StorageError, s3Error } from "./s3-error.js";
import type { S3Location } from "./s3-uri.js";

/** Bytes buffered between the writer and the uploader. */
const HIGH_WATER_MARK = 1 << 20;

/**
 * Starts a streaming, atomic upload: bytes written to `stream` go straight
 * into a multipart upload (a single PUT when they fit in one part), so memory
 * holds at most `queueSize + 1` parts. The object appears only when `commit()`
 * completes the upload; ending `stream` alone does not complete it. `abort()`,
 * a destroyed stream, a failed part or the signal abort the multipart upload,
 * so no object and no pending upload remain when the server can be reached.
 */
export function startAtomicUpload(
  client: S3Client,
  location: S3Location,
  uri: string,
  settings: UploadSettings,
  signal?: AbortSignal,
): AtomicWrite {
  signal?.throwIfAborted();
  const body = new PassThrough({ highWaterMark: HIGH_WATER_MARK });
  const upload = new Upload({
    client,
    params: { Bucket: location.bucket, Key: location.key, Body: body },
    partSize: settings.partSize,
    queueSize: settings.queueSize,
    leavePartsOnError: false,
  });

  let written = 0;
  let state: "open" | "committing" | "committed" | "aborted" = "open";
  // Started now so that parts upload while the writer is still writing. When
  // it fails early, the writer learns at its next write instead of blocking.
  const done = upload.done().then(
    () => undefined,
    (error: unknown) => {
      const failure = s3Error("write", uri, error);
      if (!stream.destroyed) stream.destroy(failure);
      throw failure;
    },
  );
  done.catch(() => undefined);

  const stream = new Writable({
    highWaterMark: HIGH_WATER_MARK,
    write(chunk: Buffer, _encoding, callback) {
      written += chunk.byteLength;
      if (body.write(chunk)) return callback();
      waitForDrain(body, callback);
    },
    // Ending the stream must not finish the upload: only commit() may.
    final(callback) {
      callback();
    },
    // A finished stream is destroyed automatically; only an unfinished one
    // (or an error) means the bytes are incomplete and the upload must stop.
    destroy(error, callback) {
      const incomplete = error !== null || !stream.writableFinished;
      if (incomplete && state !== "committed" && !body.destroyed) {
        body.destroy(error ?? abortError(uri));
      }
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
        body.end();
        await done;
        await verifySize(client, location, uri, written);
        state = "committed";
      } catch (error) {
        state = "aborted";
        // Report the upload's own failure over the stream's echo of it, and
        // wait until the multipart upload has been aborted on the server.
        if (!body.destroyed && !body.writableEnded) body.destroy(abortError(uri));
        const uploadFailure = await done.then(
          () => undefined,
          (failure: unknown) => failure,
        );
        throw s3Error("write", uri, uploadFailure ?? error);
      } finally {
        signal?.removeEventListener("abort", onAbort);
      }
    },
    async abort() {
      if (state === "committed" || state === "aborted") return;
      state = "aborted";
      signal?.removeEventListener("abort", onAbort);
      // A destroyed body fails the uploader, which then aborts the multipart
      // upload before `done` settles; waiting for it means that when abort()
      // returns, the server holds no pending upload.
      if (!body.destroyed) body.destroy(abortError(uri));
      if (!stream.destroyed) stream.destroy();
      await done.catch(() => undefined);
    },
  };
  return write;
}

function waitForDrain(body: PassThrough, callback: (error?: Error | null) => void): void {
  const onDrain = () => {
    body.off("close", onClose);
    callback();
  };
  const onClose = () => {
    body.off("drain", onDrain);
    callback(body.errored ?? new Error("the upload stopped"));
  };
  body.once("drain", onDrain);
  body.once("close", onClose);
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
