import type { CompletedPart } from "@aws-sdk/client-s3";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { PartUploader } from "../../../src/storage/s3/part-uploader.js";
import type { UploadRequests } from "../../../src/storage/s3/upload-requests.js";
import { seededBytes } from "./support.js";

/** A server in memory: records every request, and lets a test hold or fail parts. */
class FakeServer implements UploadRequests {
  readonly calls: string[] = [];
  readonly parts = new Map<number, Buffer>();
  stored: Buffer | undefined;
  completed: readonly CompletedPart[] | undefined;
  /** Backing stores of the part bodies seen: how many buffers the uploader used. */
  readonly buffers = new Set<ArrayBufferLike>();
  sendingNow = 0;
  mostSendingAtOnce = 0;
  failPart: number | undefined;
  /** When set, create() answers only once this promise settles. */
  createAnswer: Promise<void> | undefined;

  async put(body: Uint8Array) {
    this.calls.push("put");
    this.stored = Buffer.from(body);
  }
  async create() {
    this.calls.push("create");
    await this.createAnswer;
    return "upload-1";
  }
  async uploadPart(uploadId: string, partNumber: number, body: Uint8Array) {
    this.calls.push(`part ${partNumber}`);
    expect(uploadId).toBe("upload-1");
    this.buffers.add(body.buffer);
    this.sendingNow++;
    this.mostSendingAtOnce = Math.max(this.mostSendingAtOnce, this.sendingNow);
    // Let other parts start before this one ends, as a network would.
    await new Promise((resolve) => setTimeout(resolve, 1));
    this.sendingNow--;
    if (partNumber === this.failPart) throw new Error(`part ${partNumber} refused`);
    // Copied: the uploader reuses the buffer once this call returns.
    this.parts.set(partNumber, Buffer.from(body));
    return { PartNumber: partNumber, ETag: `"etag-${partNumber}"` };
  }
  async complete(_uploadId: string, parts: readonly CompletedPart[]) {
    this.calls.push("complete");
    this.completed = parts;
  }
  async abort(uploadId: string) {
    this.calls.push(`abort ${uploadId}`);
  }

  /** The object as S3 would assemble it from the completed parts. */
  object(): Buffer {
    if (this.stored) return this.stored;
    const order = (this.completed ?? []).map((part) => part.PartNumber ?? 0);
    return Buffer.concat(order.map((number) => this.parts.get(number) ?? Buffer.alloc(0)));
  }
}

function uploader(server: FakeServer, partSize: number, queueSize = 2) {
  const failures: unknown[] = [];
  const cancel = new AbortController();
  const parts = new PartUploader(server, { partSize, queueSize }, cancel, (error) =>
    failures.push(error),
  );
  return { parts, failures, cancel };
}

describe("streamed multipart uploads", () => {
  it("stores exactly the bytes and strings appended, in parts of the configured size", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.oneof(
            fc.integer({ min: 0, max: 300 }).map((length) => seededBytes(length, length + 1)),
            fc.string({ unit: "grapheme", maxLength: 60 }),
          ),
          { maxLength: 40 },
        ),
        fc.integer({ min: 1, max: 4 }),
        async (chunks, queueSize) => {
          const server = new FakeServer();
          const { parts } = uploader(server, 64, queueSize);
          for (const chunk of chunks) {
            if (typeof chunk === "string") await parts.appendString(chunk, "utf8");
            else await parts.append(chunk);
          }
          await parts.finish();

          const expected = Buffer.concat(chunks.map((chunk) => Buffer.from(chunk)));
          expect(server.object().equals(expected)).toBe(true);
          if (expected.length <= 64) {
            expect(server.calls).toEqual(["put"]);
            return;
          }
          const sizes = [...server.parts.keys()]
            .sort((a, b) => a - b)
            .map((n) => server.parts.get(n)?.length);
          expect(sizes.slice(0, -1).every((size) => size === 64)).toBe(true);
          expect(sizes.at(-1)).toBeGreaterThan(0);
          expect(server.completed?.map((part) => part.PartNumber)).toEqual(
            sizes.map((_, i) => i + 1),
          );
          expect(server.mostSendingAtOnce).toBeLessThanOrEqual(queueSize);
          // The parts sending plus the one filling, reused from part to part.
          expect(server.buffers.size).toBeLessThanOrEqual(queueSize + 1);
        },
      ),
      { seed: 20261204, numRuns: 150 },
    );
  });

  it("uses one PUT for a stream of at most one part, even an empty one", async () => {
    for (const length of [0, 1, 64]) {
      const server = new FakeServer();
      const { parts } = uploader(server, 64);
      await parts.append(seededBytes(length, 3));
      await parts.finish();
      expect(server.calls).toEqual(["put"]);
      expect(server.stored?.length).toBe(length);
    }
  });

  it("doubles the part size after 1,000 parts", async () => {
    const server = new FakeServer();
    const { parts } = uploader(server, 2, 4);
    const data = seededBytes(2 * 1000 + 4 * 2 + 1, 4);
    for (let offset = 0; offset < data.length; offset += 3) {
      await parts.append(data.subarray(offset, offset + 3));
    }
    await parts.finish();
    expect(server.parts.get(1000)?.length).toBe(2);
    expect(server.parts.get(1001)?.length).toBe(4);
    expect(server.parts.get(1002)?.length).toBe(4);
    expect(server.parts.get(1003)?.length).toBe(1);
    expect(server.object().equals(Buffer.from(data))).toBe(true);
  });

  it("refuses a stream longer than 10,000 parts hold, and aborts the upload", async () => {
    const server = new FakeServer();
    const { parts, failures } = uploader(server, 1, 8);
    // 1,000 parts each of 1, 2, 4, … 512 bytes.
    const limit = 1000 * 1023;
    await parts.append(new Uint8Array(limit));
    const error = await parts.append(new Uint8Array(1)).catch((caught: unknown) => caught);
    expect(String(error)).toContain(`longer than the ${limit} bytes`);
    expect(failures).toEqual([error]);
    await parts.abort();
    expect(server.calls).toContain("abort upload-1");
    expect(server.calls).not.toContain("complete");
  });

  it("stops at the first failed part: later calls fail with it and the upload is aborted", async () => {
    const server = new FakeServer();
    server.failPart = 2;
    const { parts, failures, cancel } = uploader(server, 8, 1);
    let error: unknown;
    try {
      for (let i = 0; i < 100; i++) await parts.append(seededBytes(8, i + 1));
      await parts.finish();
    } catch (caught) {
      error = caught;
    }
    expect(String(error)).toContain("part 2 refused");
    expect(failures).toEqual([error]);
    expect(cancel.signal.aborted).toBe(true);
    await parts.abort();
    expect(server.calls.filter((call) => call === "abort upload-1")).toHaveLength(1);
    expect(server.calls).not.toContain("complete");
    // With one part sending at a time, nothing after the failure was sent.
    expect(server.calls.filter((call) => call.startsWith("part")).length).toBeLessThanOrEqual(3);
  });

  it("aborts an upload whose start is still being answered, and starts none after", async () => {
    const server = new FakeServer();
    let answer = () => {};
    server.createAnswer = new Promise((resolve) => {
      answer = resolve;
    });
    const { parts } = uploader(server, 8, 2);
    await parts.append(seededBytes(9, 1));
    expect(server.calls).toEqual(["create"]);

    const aborted = parts.abort();
    answer();
    await aborted;
    expect(server.calls).toEqual(["create", "abort upload-1"]);
    expect(await parts.append(seededBytes(16, 2)).catch(() => "refused")).toBe("refused");
    expect(server.calls.filter((call) => call === "create")).toHaveLength(1);
  });
});
