import { Readable } from "node:stream";
import { setTimeout as sleep } from "node:timers/promises";
import { GetObjectCommand, type GetObjectCommandOutput, type S3Client } from "@aws-sdk/client-s3";
import { isInvalidRange, S3StorageError, s3Error } from "./s3-error.js";
import type { S3Location } from "./s3-uri.js";

/** Which bytes of the object to read; both ends inclusive, as in an HTTP `Range`. */
export interface ByteRange {
  readonly first: number;
  readonly last: number;
}

/** Everything one streamed GET needs. */
export interface ObjectStreamRequest {
  readonly client: S3Client;
  readonly location: S3Location;
  readonly uri: string;
  readonly range?: ByteRange | undefined;
  readonly signal?: AbortSignal | undefined;
  /** How many times a dropped connection may be resumed. */
  readonly maxResumes: number;
}

/** Bytes per chunk the returned stream buffers ahead of its reader. */
const HIGH_WATER_MARK = 1 << 20;

/**
 * Opens a GET of an S3 object as a Node byte stream. The SDK retries a
 * request until its response starts; after that a dropped connection would
 * end the body early, so this stream resumes with a ranged GET from the
 * first byte not yet delivered (pinned to the first response's ETag, so a
 * replaced object fails instead of splicing two versions). A body that ends
 * short of its `Content-Length` is an error, never a silently short read.
 *
 * Fails before returning when the first request fails (for example with a
 * `not_found` error); returns an empty stream for a range past the end.
 */
export async function openObjectStream(request: ObjectStreamRequest): Promise<Readable> {
  const { uri, range, signal } = request;
  let first: GetObjectCommandOutput;
  try {
    first = await get(request, range, undefined);
  } catch (error) {
    if (range && isInvalidRange(error)) return Readable.from([], { objectMode: false });
    throw s3Error("read", uri, error);
  }
  const expected = first.ContentLength;
  const etag = first.ETag;
  let body = first.Body as Readable;

  async function* chunks(): AsyncGenerator<Uint8Array> {
    let delivered = 0;
    let resumes = 0;
    const onAbort = () => body.destroy(signal?.reason);
    signal?.addEventListener("abort", onAbort, { once: true });
    try {
      for (;;) {
        try {
          for await (const chunk of body) {
            delivered += (chunk as Uint8Array).byteLength;
            yield chunk as Uint8Array;
          }
          if (expected === undefined || delivered === expected) return;
          throw new S3StorageError(
            "truncated_data",
            `cannot read ${uri}: the response ended after ${delivered} of ${expected} bytes`,
            { uri },
          );
        } catch (error) {
          if (signal?.aborted) throw s3Error("read", uri, signal.reason);
          if (resumes >= request.maxResumes || expected === undefined)
            throw s3Error("read", uri, error);
        }

        // The connection dropped: continue from the first byte not yet delivered.
        resumes++;
        try {
          await sleep(100 * 2 ** resumes, undefined, signal ? { signal } : {});
          const resume = { first: (range?.first ?? 0) + delivered, last: range?.last ?? Infinity };
          body = (await get(request, resume, etag)).Body as Readable;
        } catch (error) {
          throw s3Error("read", uri, error);
        }
      }
    } finally {
      signal?.removeEventListener("abort", onAbort);
      body.destroy();
    }
  }

  return Readable.from(chunks(), { objectMode: false, highWaterMark: HIGH_WATER_MARK });
}

function get(
  { client, location, signal }: ObjectStreamRequest,
  range: ByteRange | undefined,
  etag: string | undefined,
): Promise<GetObjectCommandOutput> {
  const command = new GetObjectCommand({
    Bucket: location.bucket,
    Key: location.key,
    ...(range ? { Range: httpRange(range) } : {}),
    ...(etag ? { IfMatch: etag } : {}),
  });
  return client.send(command, signal ? { abortSignal: signal } : {});
}

function httpRange({ first, last }: ByteRange): string {
  return Number.isFinite(last) ? `bytes=${first}-${last}` : `bytes=${first}-`;
}

/** Reads a whole stream into one buffer. */
export async function collect(stream: Readable): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  for await (const chunk of stream) chunks.push(chunk as Uint8Array);
  return chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks);
}
