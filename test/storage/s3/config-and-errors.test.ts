import { describe, expect, it } from "vitest";
import { s3ClientConfig, uploadSettings } from "../../../src/storage/s3/client-config.js";
import { redact, s3Error } from "../../../src/storage/s3/s3-error.js";
import { parseS3Uri } from "../../../src/storage/s3/s3-uri.js";

describe("S3 client settings from the environment", () => {
  it("uses path-style addressing when a custom endpoint is configured", () => {
    expect(
      s3ClientConfig({ env: { AWS_ENDPOINT_URL_S3: "http://127.0.0.1:9000" } }).forcePathStyle,
    ).toBe(true);
    expect(s3ClientConfig({ env: { AWS_ENDPOINT_URL: "http://minio:9000" } }).forcePathStyle).toBe(
      true,
    );
    expect(s3ClientConfig({ env: {} }).forcePathStyle).toBeUndefined();
  });

  it("lets FLYTEKIT_TS_S3_FORCE_PATH_STYLE and the options decide over the default", () => {
    const endpoint = { AWS_ENDPOINT_URL_S3: "http://127.0.0.1:9000" };
    expect(
      s3ClientConfig({ env: { ...endpoint, FLYTEKIT_TS_S3_FORCE_PATH_STYLE: "false" } })
        .forcePathStyle,
    ).toBe(false);
    expect(
      s3ClientConfig({ env: { FLYTEKIT_TS_S3_FORCE_PATH_STYLE: "TRUE" } }).forcePathStyle,
    ).toBe(true);
    expect(s3ClientConfig({ env: endpoint, forcePathStyle: false }).forcePathStyle).toBe(false);
  });

  it("ignores configured endpoints when AWS_IGNORE_CONFIGURED_ENDPOINT_URLS is set", () => {
    const env = { AWS_ENDPOINT_URL_S3: "http://x:1", AWS_IGNORE_CONFIGURED_ENDPOINT_URLS: "true" };
    expect(s3ClientConfig({ env }).forcePathStyle).toBeUndefined();
  });

  it("retries 5 times by default, leaving AWS_MAX_ATTEMPTS to the SDK when set", () => {
    expect(s3ClientConfig({ env: {} }).maxAttempts).toBe(5);
    expect(s3ClientConfig({ env: { AWS_MAX_ATTEMPTS: "2" } }).maxAttempts).toBeUndefined();
    expect(s3ClientConfig({ env: {}, maxAttempts: 9 }).maxAttempts).toBe(9);
  });

  it("takes AWS_DEFAULT_REGION only when AWS_REGION is absent", () => {
    expect(s3ClientConfig({ env: { AWS_DEFAULT_REGION: "eu-west-1" } }).region).toBe("eu-west-1");
    const both = { AWS_REGION: "us-east-2", AWS_DEFAULT_REGION: "eu-west-1" };
    expect(s3ClientConfig({ env: both }).region).toBeUndefined();
  });
});

describe("S3 upload settings", () => {
  const MiB = 1024 * 1024;

  it("defaults to 8 MiB parts, 3 at a time, and reads the environment", () => {
    expect(uploadSettings({ env: {} })).toEqual({ partSize: 8 * MiB, queueSize: 3 });
    const env = { FLYTEKIT_TS_S3_PART_SIZE_MIB: "16", FLYTEKIT_TS_S3_UPLOAD_CONCURRENCY: "1" };
    expect(uploadSettings({ env })).toEqual({ partSize: 16 * MiB, queueSize: 1 });
    expect(uploadSettings({ env, partSize: 6 * MiB, queueSize: 3 })).toEqual({
      partSize: 6 * MiB,
      queueSize: 3,
    });
  });

  it("refuses parts under S3's 5 MiB minimum and a concurrency under 1", () => {
    expect(() => uploadSettings({ env: { FLYTEKIT_TS_S3_PART_SIZE_MIB: "2" } })).toThrow(
      "cannot use FLYTEKIT_TS_S3_PART_SIZE_MIB=2: expected a whole number of at least 5",
    );
    expect(() => uploadSettings({ env: { FLYTEKIT_TS_S3_UPLOAD_CONCURRENCY: "zero" } })).toThrow(
      "cannot use FLYTEKIT_TS_S3_UPLOAD_CONCURRENCY=zero: expected a whole number of at least 1",
    );
    expect(() => uploadSettings({ env: {}, partSize: 1024 })).toThrow(
      "cannot upload to S3 in parts of 1024 bytes: parts must be whole bytes, at least 5 MiB",
    );
  });
});

describe("S3 URIs", () => {
  it("splits bucket and key, keeping the key verbatim", () => {
    expect(parseS3Uri("s3://bucket/a/b c/ü.npy")).toEqual({ bucket: "bucket", key: "a/b c/ü.npy" });
  });

  it.each(["s3://bucket", "s3://bucket/", "s3:///key", "file:///x"])("refuses %s", (uri) => {
    expect(() => parseS3Uri(uri)).toThrow(`cannot use ${uri}: an S3 URI needs a bucket and a key`);
  });
});

describe("S3 error messages", () => {
  const uri = "s3://bucket/key.bin";
  const sdkError = (name: string, status: number, attempts = 1) =>
    Object.assign(new Error("server text"), {
      name,
      $metadata: { httpStatusCode: status, attempts },
    });

  it.each([
    ["NoSuchKey", 404, "not_found", "no such object"],
    ["NoSuchBucket", 404, "no_such_bucket", "the bucket does not exist"],
    ["AccessDenied", 403, "access_denied", "access denied"],
    ["InvalidAccessKeyId", 403, "bad_credentials", "the access key id is not known to the server"],
    ["ExpiredToken", 400, "bad_credentials", "the session token has expired"],
  ])("maps %s to %s", (name, status, code, reason) => {
    const error = s3Error("read", uri, sdkError(name, status));
    expect(error.code).toBe(code);
    expect(error.message).toBe(`cannot read ${uri}: ${reason} (${name}, HTTP ${status})`);
    expect(error).toMatchObject({ uri, status });
  });

  it("says how many tries a transient failure got", () => {
    const error = s3Error("write", uri, sdkError("SlowDown", 503, 5));
    expect(error.code).toBe("io_error");
    expect(error.message).toBe(`cannot write ${uri}: server text (SlowDown, HTTP 503, 5 attempts)`);
  });

  it("names the address of a refused connection", () => {
    const refused = Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:9"), {
      code: "ECONNREFUSED",
      address: "127.0.0.1",
      port: 9,
    });
    const error = s3Error("stat", uri, refused);
    expect(error.code).toBe("unreachable");
    expect(error.message).toBe(
      `cannot stat ${uri}: cannot connect to the S3 endpoint at 127.0.0.1:9 (ECONNREFUSED)`,
    );
  });

  it("explains missing credentials and a missing region", () => {
    const noCredentials = Object.assign(
      new Error("Could not load credentials from any providers"),
      {
        name: "CredentialsProviderError",
      },
    );
    expect(s3Error("read", uri, noCredentials).code).toBe("no_credentials");
    expect(s3Error("read", uri, new Error("Region is missing")).message).toBe(
      `cannot read ${uri}: no AWS region configured; set AWS_REGION`,
    );
  });

  it("never repeats a secret, a signature or a presigned query from server text", () => {
    const env = {
      AWS_SECRET_ACCESS_KEY: "very-secret-key",
      AWS_SESSION_TOKEN: "session-token-abc",
    };
    const text =
      "failed https://user:pw@bucket.s3.amazonaws.com/key?X-Amz-Signature=abcdef&X-Amz-Credential=AKIA " +
      "with very-secret-key and session-token-abc; Signature=0123abcd";
    const clean = redact(text, env);
    for (const leak of [
      "very-secret-key",
      "session-token-abc",
      "abcdef",
      "user:pw",
      "0123abcd",
      "AKIA",
    ]) {
      expect(clean).not.toContain(leak);
    }
    expect(clean).toContain("https://bucket.s3.amazonaws.com/key?…");
  });

  it("truncates long server text", () => {
    const long = Object.assign(new Error("x".repeat(5000)), { name: "Weird" });
    const error = s3Error("read", uri, long);
    expect(error.message.length).toBeLessThan(400);
  });
});
