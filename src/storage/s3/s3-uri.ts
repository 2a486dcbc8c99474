import { StorageError } from "../../engine/errors.js";

/** The two halves of an `s3://bucket/key` URI. */
export interface S3Location {
  readonly bucket: string;
  readonly key: string;
}

/**
 * Splits `s3://bucket/key` into bucket and key. The key is everything after
 * the first slash, kept verbatim: S3 keys may hold any characters, and the
 * SDK encodes them for the request.
 */
export function parseS3Uri(uri: string): S3Location {
  const match = /^s3:\/\/([^/]+)\/(.+)$/i.exec(uri);
  const bucket = match?.[1];
  const key = match?.[2];
  if (bucket === undefined || key === undefined) {
    throw new StorageError(
      "bad_uri",
      `cannot use ${uri}: an S3 URI needs a bucket and a key, as in s3://bucket/path/file`,
      { uri },
    );
  }
  return { bucket, key };
}
