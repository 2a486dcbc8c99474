import { createHash } from "node:crypto";
import { Readable } from "node:stream";
import { HeadObjectCommand, ListMultipartUploadsCommand } from "@aws-sdk/client-s3";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { isFlytekitError } from "../../../src/engine/errors.js";
import { FileAccess } from "../../../src/storage/files.js";
import { S3Backend } from "../../../src/storage/s3/s3-backend.js";
import { hasMoto, type S3TestServer, startS3Server, useS3Env } from "../../helpers/s3-server.js";
import { boto, botoObject, pendingUploads, seededBytes, sha256 } from "./support.js";

const MiB = 1024 * 1024;

describe.skipIf(!hasMoto)("S3 backend against a real S3-compatible server", () => {
  let server: S3TestServer;
  let restoreEnv: () => void;
  let files: FileAccess;
  const uriOf = (key: string) => `s3://${server.bucket}/${key}`;

  beforeAll(async () => {
    server = await startS3Server();
    restoreEnv = useS3Env(server);
    files = new FileAccess(uriOf("raw"));
  });
  afterAll(async () => {
    restoreEnv?.();
    await server?.stop();
  });

  it("writes bytes that boto3 reads back exactly, and reads what boto3 wrote", async () => {
    const data = seededBytes(100_000, 1);
    await files.writeBytes(uriOf("bytes/ours.bin"), data);
    expect(botoObject(server.bucket, "bytes/ours.bin")).toMatchObject({
      size: 100_000,
      sha256: sha256(data),
    });

    const theirs = boto<string>(
      `s3.put_object(Bucket=args["bucket"], Key="bytes/theirs.txt", Body="written by boto3 ✓".encode())
print(json.dumps("ok"))`,
      { bucket: server.bucket },
    );
    expect(theirs).toBe("ok");
    const read = await files.readBytes(uriOf("bytes/theirs.txt"));
    expect(new TextDecoder().decode(read)).toBe("written by boto3 ✓");
  });

  it("keeps keys with spaces and non-ASCII characters verbatim", async () => {
    const key = "odd keys/a b+c/ü €.txt";
    await files.writeBytes(uriOf(key), new TextEncoder().encode("odd"));
    const keys = boto<string[]>(
      `print(json.dumps([o["Key"] for o in s3.list_objects_v2(Bucket=args["bucket"], Prefix="odd keys/")["Contents"]]))`,
      { bucket: server.bucket },
    );
    expect(keys).toEqual([key]);
    expect(new TextDecoder().decode(await files.readBytes(uriOf(key)))).toBe("odd");
  });

  it("stores and reads an empty object", async () => {
    await files.writeBytes(uriOf("empty.bin"), new Uint8Array(0));
    expect(botoObject(server.bucket, "empty.bin")?.size).toBe(0);
    expect((await files.readBytes(uriOf("empty.bin"))).byteLength).toBe(0);
    expect(await files.size(uriOf("empty.bin"))).toBe(0);
  });

  it("treats a missing object as a value: undefined from readBytes and size, not_found elsewhere", async () => {
    const missing = uriOf("no/such/object.bin");
    expect(await files.tryReadBytes(missing)).toBeUndefined();
    expect(await files.size(missing)).toBeUndefined();

    for (const attempt of [
      () => files.readBytes(missing),
      () => files.openRead(missing),
      () => files.readRange(missing, 0, 10),
    ]) {
      const error = await attempt().catch((caught: unknown) => caught);
      expect(isFlytekitError(error) && error.code).toBe("not_found");
      expect((error as Error).message).toContain(missing);
    }
  });

  it("reports the size S3 reports", async () => {
    const data = seededBytes(12_345, 2);
    await files.writeBytes(uriOf("sized.bin"), data);
    const size = boto<number>(
      `print(s3.head_object(Bucket=args["bucket"], Key="sized.bin")["ContentLength"])`,
      { bucket: server.bucket },
    );
    expect(size).toBe(12_345);
    expect(await files.size(uriOf("sized.bin"))).toBe(size);
  });

  it("reads byte ranges equal to Python's slices of the same object", async () => {
    const data = seededBytes(10_000, 3);
    await files.writeBytes(uriOf("ranged.bin"), data);
    const cases: [offset: number, length: number][] = [
      [0, 1],
      [0, 10_000],
      [4095, 2],
      [9_990, 100], // runs past the end: fewer bytes
      [10_000, 5], // starts at the end: none
      [20_000, 5], // starts past the end: none
      [123, 0],
    ];
    const expected = boto<string[]>(
      `data = s3.get_object(Bucket=args["bucket"], Key="ranged.bin")["Body"].read()
print(json.dumps([hashlib.sha256(data[o:o + n]).hexdigest() for o, n in args["cases"]]))`,
      { bucket: server.bucket, cases },
    );
    for (const [index, [offset, length]] of cases.entries()) {
      const range = await files.readRange(uriOf("ranged.bin"), offset, length);
      expect(sha256(range), `range ${offset}+${length}`).toBe(expected[index]);
    }
  });

  it("streams an object down through openRead", async () => {
    const data = seededBytes(3 * MiB + 17, 4);
    await files.writeBytes(uriOf("stream-down.bin"), data);
    const hash = createHash("sha256");
    for await (const chunk of await files.openRead(uriOf("stream-down.bin"))) hash.update(chunk);
    expect(hash.digest("hex")).toBe(sha256(data));
  });

  it("has no local path for an S3 URI", async () => {
    expect(await files.localPath(uriOf("anything"))).toBeUndefined();
  });

  it("streams ~20 MB up as a multipart upload that appears only on commit", async () => {
    const key = "multipart/20mb.bin";
    const data = seededBytes(20 * MiB + 12_345, 5);
    const write = await files.openWrite(uriOf(key));
    for (let offset = 0; offset < data.byteLength; offset += 64 * 1024) {
      if (!write.stream.write(data.subarray(offset, offset + 64 * 1024))) {
        await new Promise((resolve) => write.stream.once("drain", resolve));
      }
    }
    write.stream.end();
    await new Promise((resolve) => write.stream.once("finish", resolve));
    expect(botoObject(server.bucket, key)).toBeNull();

    await write.commit();
    const stored = botoObject(server.bucket, key);
    expect(stored).toMatchObject({ size: data.byteLength, sha256: sha256(data) });

    // A multipart ETag is the MD5 of the parts' MD5s plus "-<parts>": it proves
    // the upload was split into 8 MiB parts, computed independently in Python.
    const expectedEtag = boto<string>(
      `data = s3.get_object(Bucket=args["bucket"], Key=args["key"])["Body"].read()
size = 8 * 1024 * 1024
parts = [data[i:i + size] for i in range(0, len(data), size)]
digest = hashlib.md5(b"".join(hashlib.md5(p).digest() for p in parts)).hexdigest()
print(json.dumps(f"{digest}-{len(parts)}"))`,
      { bucket: server.bucket, key },
    );
    expect(expectedEtag.endsWith("-3")).toBe(true);
    expect(stored?.etag).toBe(expectedEtag);

    expect(sha256(await files.readBytes(uriOf(key)))).toBe(sha256(data));
  });

  it("stores written strings as their UTF-8 bytes, a character split across two parts", async () => {
    const key = "multipart/text.txt";
    // "€" is 3 bytes in UTF-8 and 8 MiB is not a multiple of 3.
    const piece = "€".repeat(20_000);
    const pieces = Math.ceil((9 * MiB) / Buffer.byteLength(piece));
    const write = await files.openWrite(uriOf(key));
    for (let i = 0; i < pieces; i++) {
      if (!write.stream.write(piece)) {
        await new Promise((resolve) => write.stream.once("drain", resolve));
      }
    }
    await write.commit();
    const expected = Buffer.from(piece.repeat(pieces), "utf8");
    const stored = botoObject(server.bucket, key);
    expect(stored).toMatchObject({ size: expected.byteLength, sha256: sha256(expected) });
    expect(stored?.etag.endsWith("-2")).toBe(true);
  });

  it("writes large byte arrays through a multipart upload too", async () => {
    const data = seededBytes(9 * MiB, 6);
    await files.writeBytes(uriOf("multipart/9mb.bin"), data);
    const stored = botoObject(server.bucket, "multipart/9mb.bin");
    expect(stored).toMatchObject({ size: data.byteLength, sha256: sha256(data) });
    expect(stored?.etag.endsWith("-2")).toBe(true);
  });

  it("abort() after parts were uploaded leaves no object and no pending multipart upload", async () => {
    const key = "aborted/write.bin";
    const write = await files.openWrite(uriOf(key));
    const data = seededBytes(20 * MiB, 7);
    for (let offset = 0; offset < data.byteLength; offset += MiB) {
      if (!write.stream.write(data.subarray(offset, offset + MiB))) {
        await new Promise((resolve) => write.stream.once("drain", resolve));
      }
    }
    // Make sure the multipart upload really exists before aborting it.
    await vi.waitFor(
      async () => {
        const listed = await server.client.send(
          new ListMultipartUploadsCommand({ Bucket: server.bucket, Prefix: "aborted/" }),
        );
        expect(listed.Uploads?.length).toBe(1);
      },
      { timeout: 20_000, interval: 100 },
    );

    await write.abort();
    expect(botoObject(server.bucket, key)).toBeNull();
    expect(pendingUploads(server.bucket)).not.toContain(key);
    await expect(write.commit()).rejects.toMatchObject({ code: "aborted" });
  });

  it("an AbortSignal aborts a streaming write and a read", async () => {
    const key = "signal/write.bin";
    const controller = new AbortController();
    const write = await files.openWrite(uriOf(key), controller.signal);
    write.stream.write(seededBytes(MiB, 8));
    controller.abort();
    await expect(write.commit()).rejects.toMatchObject({ code: "aborted" });
    expect(botoObject(server.bucket, key)).toBeNull();

    await files.writeBytes(uriOf("signal/read.bin"), seededBytes(10, 9));
    const error = await files
      .readBytes(uriOf("signal/read.bin"), AbortSignal.abort())
      .catch((caught: unknown) => caught);
    expect(isFlytekitError(error) && error.code).toBe("aborted");
  });

  it("writeStream from a failing source leaves no object and no pending upload", async () => {
    const key = "failing/source.bin";
    async function* source() {
      for (let i = 0; i < 12; i++) yield seededBytes(MiB, 10 + i);
      throw new Error("the producer broke");
    }
    await expect(files.writeStream(uriOf(key), Readable.from(source()))).rejects.toThrow(
      "the producer broke",
    );
    const head = await server.client
      .send(new HeadObjectCommand({ Bucket: server.bucket, Key: key }))
      .catch((error: { name: string }) => error.name);
    expect(head).toBe("NotFound");
    expect(pendingUploads(server.bucket)).not.toContain(key);
  });

  it("names the bucket when it does not exist, for reads, sizes and writes", async () => {
    const uri = "s3://flytekit-ts-no-such-bucket/key.bin";
    for (const attempt of [
      () => files.readBytes(uri),
      () => files.tryReadBytes(uri),
      () => files.size(uri),
      () => files.writeBytes(uri, new Uint8Array(3)),
      () => files.writeStream(uri, Readable.from([Buffer.alloc(10)])),
    ]) {
      const error = await attempt().catch((caught: unknown) => caught);
      expect(isFlytekitError(error) && error.code).toBe("no_such_bucket");
      expect((error as Error).message).toMatch(
        /^cannot \w+ s3:\/\/flytekit-ts-no-such-bucket\/key\.bin: the bucket does not exist/,
      );
    }
  });

  it("refuses a URI without a key", async () => {
    const backend = new S3Backend();
    const error = await backend.readBytes("s3://bucket-only").catch((caught: unknown) => caught);
    expect(isFlytekitError(error) && error.code).toBe("bad_uri");
    expect((error as Error).message).toContain("s3://bucket-only");
  });
});
