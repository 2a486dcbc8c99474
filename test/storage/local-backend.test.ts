import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import { isFlytekitError } from "../../src/engine/errors.js";
import { FileAccess } from "../../src/storage/index.js";
import { tempDir } from "../helpers/context.js";

describe("FileAccess over the local folder", () => {
  it("names new blobs <prefix>/<32 hex>/<file>, different every time", () => {
    const files = new FileAccess("/data/raw");
    const a = files.newBlobUri("array.npy");
    const b = files.newBlobUri("array.npy");
    expect(a).toMatch(/^\/data\/raw\/[0-9a-f]{32}\/array\.npy$/);
    expect(a).not.toBe(b);
  });

  it("streams a write that appears only when complete", async () => {
    const dir = tempDir();
    const files = new FileAccess(dir);
    const uri = join(dir, "x", "out.bin");
    const write = await files.openWrite(uri);
    write.stream.write(Buffer.from("hello "));
    expect(existsSync(uri)).toBe(false);
    write.stream.end(Buffer.from("world"));
    await write.commit();
    expect(readFileSync(uri, "utf8")).toBe("hello world");
    expect(readdirSync(join(dir, "x"))).toEqual(["out.bin"]);
  });

  it("writes exactly the source's bytes whatever size was announced", async () => {
    const dir = tempDir();
    const files = new FileAccess(dir);
    const bytes = new Uint8Array(12 << 20).map((_, i) => i % 251);
    for (const announced of [bytes.length, bytes.length * 2, 1]) {
      const uri = join(dir, `sized-${announced}.bin`);
      await files.writeStream(uri, Readable.from([bytes]), undefined, announced);
      const back = readFileSync(uri);
      expect(back.length).toBe(bytes.length);
      expect(Buffer.compare(back, bytes)).toBe(0);
    }
  });

  it("leaves nothing behind when a streamed source fails half way", async () => {
    const dir = tempDir();
    const files = new FileAccess(dir);
    const uri = join(dir, "y", "out.bin");
    async function* failing() {
      yield Buffer.from("partial data");
      throw new Error("source broke");
    }
    await expect(files.writeStream(uri, Readable.from(failing()))).rejects.toThrow("source broke");
    expect(existsSync(uri)).toBe(false);
    expect(readdirSync(join(dir, "y"))).toEqual([]);
  });

  it("reads ranges, sizes and whole files, and reports a missing file by code", async () => {
    const dir = tempDir();
    const files = new FileAccess(dir);
    const uri = `file://${join(dir, "data.bin")}`;
    await files.writeBytes(uri, new Uint8Array([0, 1, 2, 3, 4, 5, 6, 7]));
    expect(await files.size(uri)).toBe(8);
    expect([...(await files.readRange(uri, 2, 3))]).toEqual([2, 3, 4]);
    expect([...(await files.readRange(uri, 6, 10))]).toEqual([6, 7]);
    expect(await files.size(join(dir, "missing"))).toBeUndefined();
    const error = await files.readBytes(join(dir, "missing")).catch((e: unknown) => e);
    expect(isFlytekitError(error) && error.code).toBe("not_found");
    expect(String(error)).toContain("missing");
  });

  it("refuses a scheme it has no backend for, naming it", async () => {
    const files = new FileAccess("/tmp");
    await expect(files.readBytes("gs://bucket/key")).rejects.toThrow(
      /no storage backend for "gs:\/\/"/,
    );
  });
});
