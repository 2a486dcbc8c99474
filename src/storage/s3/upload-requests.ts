import {
  AbortMultipartUploadCommand,
  type CompletedPart,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  PutObjectCommand,
  type S3Client,
  UploadPartCommand,
  type UploadPartCommandOutput,
} from "@aws-sdk/client-s3";
import type { S3Location } from "./s3-uri.js";

/** The S3 requests one upload makes, bound to its client, object and signal. */
export interface UploadRequests {
  /** Stores the whole object with one PUT. */
  put(body: Uint8Array): Promise<void>;
  /**
   * Starts a multipart upload; returns its id. Never cancelled by the signal:
   * the server may have started the upload before the answer arrives, and
   * only the id in that answer lets `abort` remove it again.
   */
  create(): Promise<string>;
  uploadPart(uploadId: string, partNumber: number, body: Uint8Array): Promise<CompletedPart>;
  /** Joins the parts into the object; `parts` must be in part-number order. */
  complete(uploadId: string, parts: readonly CompletedPart[]): Promise<void>;
  /** Discards the upload and its parts. Never cancelled by the signal: it is the clean-up. */
  abort(uploadId: string): Promise<void>;
}

/**
 * Requests for one object. `put`, `uploadPart` and `complete` are cancelled
 * by `signal`.
 *
 * Checksums follow the client's `requestChecksumCalculation` setting: by
 * default the SDK sends a CRC32 with every part, so the upload is created
 * with that algorithm and completed with each part's checksum, as S3 then
 * requires.
 */
export function uploadRequests(
  client: S3Client,
  { bucket, key }: S3Location,
  signal: AbortSignal,
): UploadRequests {
  const object = { Bucket: bucket, Key: key };
  const options = { abortSignal: signal };
  return {
    async put(body) {
      await client.send(new PutObjectCommand({ ...object, Body: body }), options);
    },
    async create() {
      const checksums = await client.config.requestChecksumCalculation();
      const algorithm =
        checksums === "WHEN_SUPPORTED" ? { ChecksumAlgorithm: "CRC32" as const } : {};
      const command = new CreateMultipartUploadCommand({ ...object, ...algorithm });
      const { UploadId } = await client.send(command);
      if (!UploadId) throw new Error("the server started a multipart upload without an id");
      return UploadId;
    },
    async uploadPart(uploadId, partNumber, body) {
      const command = new UploadPartCommand({
        ...object,
        UploadId: uploadId,
        PartNumber: partNumber,
        Body: body,
      });
      return completedPart(partNumber, await client.send(command, options));
    },
    async complete(uploadId, parts) {
      const command = new CompleteMultipartUploadCommand({
        ...object,
        UploadId: uploadId,
        MultipartUpload: { Parts: [...parts] },
      });
      await client.send(command, options);
    },
    async abort(uploadId) {
      await client.send(new AbortMultipartUploadCommand({ ...object, UploadId: uploadId }));
    },
  };
}

/** What CompleteMultipartUpload needs to know of a part: its ETag and any checksum. */
function completedPart(partNumber: number, output: UploadPartCommandOutput): CompletedPart {
  if (!output.ETag) {
    throw new Error(`the server answered part ${partNumber} without an ETag`);
  }
  const part: CompletedPart = { PartNumber: partNumber, ETag: output.ETag };
  if (output.ChecksumCRC32) part.ChecksumCRC32 = output.ChecksumCRC32;
  if (output.ChecksumCRC32C) part.ChecksumCRC32C = output.ChecksumCRC32C;
  if (output.ChecksumCRC64NVME) part.ChecksumCRC64NVME = output.ChecksumCRC64NVME;
  if (output.ChecksumSHA1) part.ChecksumSHA1 = output.ChecksumSHA1;
  if (output.ChecksumSHA256) part.ChecksumSHA256 = output.ChecksumSHA256;
  return part;
}
