import { createHash } from "node:crypto";
import { Readable } from "node:stream";
import { HeadObjectCommand, ListMultipartUploadsCommand } from "@aws-sdk/client-s3";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { isFlytekitError } from "../../../src/engine/errors.js";
import { FileAccess } from "../../../src/storage/files.js";
import { S3Backend } from "../../../src/storage/s3/s3-backend.js";
import { hasMoto, type S3TestServer, startS3Server, useS3Env } from "../../helpers/s3-server.js";
import { type FaultProxy, type SeenRequest, startFaultProxy } from "./fault-proxy.js";
import { botoObject, pendingUploads, seededBytes, sha256 } from "./support.js";

const MiB = 1024 * 1024;
const isPart = (request: SeenRequest) =>
  request.method === "PUT" && /partNumber=/.test(request.url);

describe.skipIf(!hasMoto)("S3 faults, injected by a proxy in front of a real server", () => {
  let server: S3TestServer;
  let restoreEnv: () => void;
  const proxies: FaultProxy[] = [];
  const uriOf = (key: string) => `s3://${server.bucket}/${key}`;

  /** Storage whose every request goes through a fresh fault proxy. */
  async function faulty(): Promise<{ proxy: FaultProxy; files: FileAccess }> {
    const proxy = await startFaultProxy(server.endpoint);
    proxies.push(proxy);
    const files = new FileAccess(uriOf("raw"));
    files.register("s3", new S3Backend({ clientConfig: { endpoint: proxy.endpoint } }));
    return { proxy, files };
  }

  async function exists(key: string): Promise<boolean> {
    const head = new HeadObjectCommand({ Bucket: server.bucket, Key: key });
    return server.client.send(head).then(
      () => true,
      (error: { name?: string }) => (error.name === "NotFound" ? false : Promise.reject(error)),
    );
  }

  beforeAll(async () => {
    server = await startS3Server();
    restoreEnv = useS3Env(server);
  });
  afterEach(async () => {
    for (const proxy of proxies.splice(0)) await proxy.stop().catch(() => undefined);
  });
  afterAll(async () => {
    restoreEnv?.();
    await server?.stop();
  });

  it("retries 503 answers and then succeeds", async () => {
    const { proxy, files } = await faulty();
    let refused = 0;
    proxy.rule = (request) => (request.method === "PUT" && refused++ < 2 ? "unavailable" : "pass");
    const data = seededBytes(1000, 20);
    await files.writeBytes(uriOf("retry/503.bin"), data);
    expect(proxy.seen.filter((request) => request.method === "PUT")).toHaveLength(3);
    expect(botoObject(server.bucket, "retry/503.bin")?.sha256).toBe(sha256(data));
  });

  it("retries a part whose connection dropped, and the object is still exact", async () => {
    const { proxy, files } = await faulty();
    let partRequests = 0;
    proxy.rule = (request) => (isPart(request) && partRequests++ === 0 ? "drop" : "pass");
    const data = seededBytes(12 * MiB, 21);
    await files.writeStream(uriOf("retry/dropped-part.bin"), Readable.from([Buffer.from(data)]));
    // Two parts of 8 MiB and 4 MiB, the first sent twice.
    expect(partRequests).toBe(3);
    expect(botoObject(server.bucket, "retry/dropped-part.bin")?.sha256).toBe(sha256(data));
  });

  it("resumes a download whose connection dropped mid-body, from the byte it reached", async () => {
    const data = seededBytes(5 * MiB, 22);
    const { proxy, files } = await faulty();
    await files.writeBytes(uriOf("resume/body.bin"), data);
    let cuts = 0;
    proxy.rule = (request) =>
      request.method === "GET" && cuts++ < 2 ? { cutResponseAfter: 1_000_000 } : "pass";

    const hash = createHash("sha256");
    for await (const chunk of await files.openRead(uriOf("resume/body.bin"))) hash.update(chunk);
    expect(hash.digest("hex")).toBe(sha256(data));
    const ranges = proxy.seen.filter((request) => request.method === "GET").map((r) => r.range);
    expect(ranges).toHaveLength(3);
    expect(ranges[0]).toBeUndefined();
    // Each resume asks for the rest of the object from where the last one stopped.
    expect(ranges[1]).toMatch(/^bytes=\d+-$/);
    expect(Number(/\d+/.exec(ranges[2] ?? "")?.[0])).toBeGreaterThan(
      Number(/\d+/.exec(ranges[1] ?? "")?.[0]),
    );
  });

  it("fails a permanent error at once: one request, the URI and the cause in the message", async () => {
    const { proxy, files } = await faulty();
    const uri = "s3://flytekit-ts-missing-bucket/data.bin";
    const error = await files.readBytes(uri).catch((caught: unknown) => caught);
    expect(isFlytekitError(error) && error.code).toBe("no_such_bucket");
    expect((error as Error).message).toBe(
      `cannot read ${uri}: the bucket does not exist (NoSuchBucket, HTTP 404)`,
    );
    expect(proxy.seen).toHaveLength(1);

    proxy.rule = () => ({ status: 403, code: "AccessDenied" });
    const denied = await files.writeBytes(uriOf("denied.bin"), new Uint8Array(4)).catch((e) => e);
    expect(isFlytekitError(denied) && denied.code).toBe("access_denied");
    expect((denied as Error).message).toContain(uriOf("denied.bin"));
    expect(proxy.seen).toHaveLength(2);
  });

  it("gives up on a server that keeps failing, after a bounded number of tries", async () => {
    const { proxy, files } = await faulty();
    proxy.rule = () => "unavailable";
    const error = await files.readBytes(uriOf("always/503.bin")).catch((caught: unknown) => caught);
    expect(isFlytekitError(error) && error.code).toBe("io_error");
    expect((error as Error).message).toContain("HTTP 503");
    // AWS_MAX_ATTEMPTS is 3 in the test environment.
    expect(proxy.seen).toHaveLength(3);
  });

  it("an abort while the server's answer to starting the upload is on its way leaves no pending upload", async () => {
    const { proxy, files } = await faulty();
    const isCreate = (request: SeenRequest) =>
      request.method === "POST" && /\?uploads/.test(request.url);
    proxy.rule = (request) => (isCreate(request) ? { delayResponse: 1500 } : "pass");
    const key = "aborted/while-starting.bin";
    const write = await files.openWrite(uriOf(key));
    write.stream.write(seededBytes(9 * MiB, 60));

    // The server has started the upload; the answer naming it has not arrived.
    await vi.waitFor(
      async () => {
        const listed = await server.client.send(
          new ListMultipartUploadsCommand({ Bucket: server.bucket, Prefix: key }),
        );
        expect(listed.Uploads?.length).toBe(1);
      },
      { timeout: 20_000, interval: 50 },
    );
    await write.abort();
    expect(pendingUploads(server.bucket)).not.toContain(key);
    expect(await exists(key)).toBe(false);
  });

  it("the server stopping mid-upload ends in an error naming the URI, and no object", async () => {
    const { proxy, files } = await faulty();
    proxy.rule = (request) => {
      if (isPart(request) && proxy.seen.filter(isPart).length === 1) void proxy.stop();
      return "pass";
    };
    const key = "stopped/mid-upload.bin";
    async function* source() {
      for (let i = 0; i < 30; i++) yield Buffer.from(seededBytes(MiB, 30 + i));
    }
    const error = await files
      .writeStream(uriOf(key), Readable.from(source()))
      .catch((caught: unknown) => caught);
    expect(isFlytekitError(error) && error.code).toBe("unreachable");
    expect((error as Error).message).toMatch(
      new RegExp(`^cannot write ${uriOf(key)}: cannot connect to the S3 endpoint`),
    );
    expect(await exists(key)).toBe(false);
  });

  it("the real server process dying mid-upload ends in an error, not a hang", async () => {
    const doomed = await startS3Server({ bucket: "doomed" });
    const files = new FileAccess("s3://doomed/raw");
    files.register("s3", new S3Backend({ clientConfig: { endpoint: doomed.endpoint } }));
    const write = await files.openWrite("s3://doomed/file.bin");
    write.stream.write(seededBytes(9 * MiB, 40));
    await doomed.stop();
    write.stream.write(seededBytes(MiB, 41));
    const error = await write.commit().catch((caught: unknown) => caught);
    await write.abort();
    expect(isFlytekitError(error) && error.code).toBe("unreachable");
    expect((error as Error).message).toContain("s3://doomed/file.bin");
  });
});
