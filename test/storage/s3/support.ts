/** Seeded test data and an independent S3 client (Python's boto3) for the S3 tests. */
import { createHash } from "node:crypto";
import { pythonJson } from "../../helpers/python.js";

/** `length` bytes from a seeded xorshift32 generator, so runs repeat exactly. */
export function seededBytes(length: number, seed: number): Uint8Array {
  const words = new Uint32Array(Math.ceil(length / 4));
  let state = seed >>> 0 || 1;
  for (let i = 0; i < words.length; i++) {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    words[i] = state >>> 0;
  }
  return new Uint8Array(words.buffer, 0, length);
}

export function sha256(bytes: Uint8Array): string {
  return createHash("sha256").update(bytes).digest("hex");
}

/** Preamble of every boto3 script: a client for the endpoint in the environment. */
const BOTO = `
import boto3, hashlib, json, os, sys
s3 = boto3.client("s3", endpoint_url=os.environ["AWS_ENDPOINT_URL_S3"], region_name=os.environ["AWS_REGION"])
`;

/**
 * Runs a Python script with `s3` (a boto3 client for the test server) and
 * `args` defined, and returns what it prints as JSON.
 */
export function boto<T>(script: string, args: Record<string, unknown> = {}): T {
  return pythonJson<T>(`${BOTO}args = json.loads(sys.argv[1])\n${script}`, [JSON.stringify(args)]);
}

/** What boto3 sees of an object: its size, SHA-256 and ETag, or `null` when absent. */
export interface BotoObject {
  readonly size: number;
  readonly sha256: string;
  readonly etag: string;
}

export function botoObject(bucket: string, key: string): BotoObject | null {
  return boto<BotoObject | null>(
    `
try:
    r = s3.get_object(Bucket=args["bucket"], Key=args["key"])
except s3.exceptions.NoSuchKey:
    print("null"); sys.exit(0)
data = r["Body"].read()
print(json.dumps({"size": len(data), "sha256": hashlib.sha256(data).hexdigest(), "etag": r["ETag"].strip('"')}))
`,
    { bucket, key },
  );
}

/** Keys of the multipart uploads still pending in a bucket, as boto3 lists them. */
export function pendingUploads(bucket: string): string[] {
  return boto<string[]>(
    `print(json.dumps([u["Key"] for u in s3.list_multipart_uploads(Bucket=args["bucket"]).get("Uploads", [])]))`,
    { bucket },
  );
}
