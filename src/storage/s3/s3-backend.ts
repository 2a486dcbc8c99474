import type { Readable } from "node:stream";
import {
  DeleteObjectCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  PutObjectCommand,
  S3Client,
} from "@aws-sdk/client-s3";
import { StorageError } from "../../engine/errors.js";
import type { AtomicWrite, StorageBackend } from "../file-access.js";
import { startAtomicUpload } from "./atomic-upload.js";
import {
  type S3BackendOptions,
  s3ClientConfig,
  type UploadSettings,
  uploadSettings,
} from "./client-config.js";
import { collect, openObjectStream } from "./object-stream.js";
import { isNoSuchBucket, isNotFound, S3StorageError, s3Error } from "./s3-error.js";
import { parseS3Uri } from "./s3-uri.js";

/** How many times one streamed read may resume after a dropped connection. */
const MAX_RESUMES = 5;

/**
 * `s3://bucket/key` objects through the AWS SDK v3, for AWS S3 and any
 * S3-compatible store (MinIO, Ceph, moto). Reads and writes stream; a
 * missing object is `undefined` where the interface allows, and every other
 * failure is an `S3StorageError` naming the URI, the cause and the HTTP status.
 */
export class S3Backend implements StorageBackend {
  readonly schemes = ["s3"] as const;
  /** The SDK client every call goes through. */
  readonly client: S3Client;
  readonly #upload: UploadSettings;

  constructor(options: S3BackendOptions = {}) {
    this.client = new S3Client(s3ClientConfig(options));
    this.#upload = uploadSettings(options);
  }

  localPath(): undefined {
    return undefined;
  }

  async readBytes(uri: string, signal?: AbortSignal): Promise<Uint8Array | undefined> {
    try {
      return await collect(await this.openRead(uri, signal));
    } catch (error) {
      if (error instanceof StorageError && error.code === "not_found") return undefined;
      throw s3Error("read", uri, error);
    }
  }

  async remove(uri: string, signal?: AbortSignal): Promise<void> {
    const { bucket, key } = parseS3Uri(uri);
    try {
      await this.client.send(
        new DeleteObjectCommand({ Bucket: bucket, Key: key }),
        signal ? { abortSignal: signal } : {},
      );
    } catch (error) {
      throw s3Error("remove", uri, error);
    }
  }

  async writeBytes(uri: string, bytes: Uint8Array, signal?: AbortSignal): Promise<void> {
    // Past one part, a multipart upload keeps each request small and retryable.
    if (bytes.byteLength > this.#upload.partSize) {
      const write = await this.openWrite(uri, signal);
      try {
        write.stream.end(bytes);
        await write.commit();
      } catch (error) {
        await write.abort();
        throw error;
      }
      return;
    }

    const { bucket, key } = parseS3Uri(uri);
    const command = new PutObjectCommand({ Bucket: bucket, Key: key, Body: bytes });
    try {
      await this.client.send(command, signal ? { abortSignal: signal } : {});
    } catch (error) {
      throw s3Error("write", uri, error);
    }
  }

  async openRead(uri: string, signal?: AbortSignal): Promise<Readable> {
    const location = parseS3Uri(uri);
    return openObjectStream({
      client: this.client,
      location,
      uri,
      signal,
      maxResumes: MAX_RESUMES,
    });
  }

  async openWrite(uri: string, signal?: AbortSignal): Promise<AtomicWrite> {
    return startAtomicUpload(this.client, parseS3Uri(uri), uri, this.#upload, signal);
  }

  async size(uri: string, signal?: AbortSignal): Promise<number | undefined> {
    const { bucket, key } = parseS3Uri(uri);
    const options = signal ? { abortSignal: signal } : {};
    try {
      const head = await this.client.send(
        new HeadObjectCommand({ Bucket: bucket, Key: key }),
        options,
      );
      return head.ContentLength;
    } catch (error) {
      if (!isNotFound(error)) throw s3Error("stat", uri, error);
    }

    // A HEAD answer has no body, so a 404 cannot say whether the object or the
    // whole bucket is missing; ask about the bucket so that a typo fails loudly.
    try {
      await this.client.send(new HeadBucketCommand({ Bucket: bucket }), options);
    } catch (error) {
      if (isNotFound(error) || isNoSuchBucket(error)) {
        throw new S3StorageError(
          "no_such_bucket",
          `cannot stat ${uri}: the bucket does not exist (NoSuchBucket, HTTP 404)`,
          { uri, status: 404, cause: error },
        );
      }
    }
    return undefined;
  }

  async readRange(
    uri: string,
    offset: number,
    length: number,
    signal?: AbortSignal,
  ): Promise<Uint8Array> {
    if (length <= 0) return new Uint8Array(0);
    const location = parseS3Uri(uri);
    const range = { first: offset, last: offset + length - 1 };
    const stream = await openObjectStream({
      client: this.client,
      location,
      uri,
      range,
      signal,
      maxResumes: MAX_RESUMES,
    });
    return collect(stream);
  }
}
