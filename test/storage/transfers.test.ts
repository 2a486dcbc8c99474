import { join } from "node:path";
import { Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import { FileAccess, LocalBackend } from "../../src/storage/index.js";
import { tempDir } from "../helpers/context.js";

describe("TransferLog", () => {
  it("counts nothing and wraps nothing until watched", async () => {
    const files = new FileAccess(tempDir());
    const write = await files.openWrite(join(files.rawOutputPrefix, "a.bin"));
    write.stream.end(Buffer.alloc(10));
    expect(files.transfers.active()).toEqual([]);
    await write.commit();
  });

  it("counts the bytes of streamed writes and reads while they are in flight", async () => {
    const files = new FileAccess(tempDir());
    files.transfers.watch();
    const uri = join(files.rawOutputPrefix, "b.bin");

    const write = await files.openWrite(uri);
    write.stream.write(Buffer.alloc(1000));
    await new Promise((resolve) => setImmediate(resolve));
    expect(files.transfers.active()).toMatchObject([{ uri, direction: "upload", bytes: 1000 }]);
    write.stream.end(Buffer.alloc(24));
    await write.commit();
    expect(files.transfers.active()).toEqual([]);

    const read = await files.openRead(uri);
    let total = 0;
    for await (const chunk of read) total += (chunk as Buffer).length;
    expect(total).toBe(1024);
    expect(files.transfers.active()).toEqual([]);
  });

  it("still writes atomically and aborts cleanly when counted", async () => {
    const files = new FileAccess(tempDir());
    files.transfers.watch();
    const uri = join(files.rawOutputPrefix, "c.bin");
    await files.writeStream(uri, Readable.from([Buffer.from("hello "), Buffer.from("world")]));
    expect(Buffer.from(await files.readBytes(uri)).toString()).toBe("hello world");

    const aborted = await files.openWrite(join(files.rawOutputPrefix, "d.bin"));
    aborted.stream.write(Buffer.from("partial"));
    await aborted.abort();
    expect(await files.size(join(files.rawOutputPrefix, "d.bin"))).toBeUndefined();
    expect(files.transfers.active()).toEqual([]);
  });

  it("passes a failing destination's error to the writer instead of stalling", async () => {
    const { Writable } = await import("node:stream");
    const files = new FileAccess(tempDir());
    files.transfers.watch();
    const failing = new LocalBackend();
    Object.assign(failing, {
      schemes: ["full"],
      openWrite: async (uri: string) => ({
        uri,
        stream: new Writable({
          highWaterMark: 16,
          write: (_chunk, _encoding, callback) => callback(new Error("ENOSPC: no space left")),
        }),
        commit: async () => {},
        abort: async () => {},
      }),
    });
    files.register("full", failing);
    const chunks = Array.from({ length: 64 }, () => Buffer.alloc(64 * 1024));
    const result = await Promise.race([
      files.writeStream("full://x/y.bin", Readable.from(chunks)).then(
        () => "resolved",
        (error: Error) => error.message,
      ),
      new Promise((resolve) => setTimeout(() => resolve("stalled"), 3000)),
    ]);
    expect(result).toBe("ENOSPC: no space left");
  });
});
