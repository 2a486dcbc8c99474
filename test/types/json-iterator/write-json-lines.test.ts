import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import { FlytekitError, TypeMismatchError } from "../../../src/engine/errors.js";
import { FileAccess } from "../../../src/storage/files.js";
import { readJsonLines, writeJsonLines } from "../../../src/types/json-iterator/index.js";
import { tempDir } from "../../helpers/context.js";
import { MemoryBackend, memoryFiles } from "./memory-backend.js";

const URI = "mem://raw/abc/data.jsonl";

/** Every file under `dir`, recursively, as paths relative to it. */
function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name).slice(dir.length + 1));
}

describe("writeJsonLines", () => {
  it("writes one JSON text a line, LF-terminated, with Python's non-finite tokens", async () => {
    const dir = tempDir();
    const path = join(dir, "out.jsonl");
    const count = await writeJsonLines(new FileAccess(dir), path, [
      { a: 1, s: "é\n" },
      [Number.NaN, -Infinity],
      2n ** 64n,
      null,
    ]);
    expect(count).toBe(4);
    expect(readFileSync(path, "utf8")).toBe(
      '{"a":1,"s":"é\\n"}\n[NaN,-Infinity]\n18446744073709551616\nnull\n',
    );
  });

  it("takes arrays, Sets, generators, async generators and object-mode streams", async () => {
    const backend = new MemoryBackend();
    const files = memoryFiles(backend);
    async function* asyncRecords() {
      yield { n: 1 };
      yield { n: 2 };
    }
    const sources: unknown[] = [
      [{ n: 1 }, { n: 2 }],
      new Set([{ n: 1 }, { n: 2 }]),
      (function* () {
        yield { n: 1 };
        yield { n: 2 };
      })(),
      asyncRecords(),
      Readable.from([{ n: 1 }, { n: 2 }]),
    ];
    for (const source of sources) {
      expect(await writeJsonLines(files, URI, source)).toBe(2);
      expect(backend.objects.get(URI)?.toString()).toBe('{"n":1}\n{"n":2}\n');
    }
  });

  it.each([
    ["a string", "abc", 'got string "abc"'],
    ["a number", 5, "got number 5"],
    ["a plain object", { a: 1 }, "got an object"],
    ["null", null, "got null"],
  ])("refuses %s", async (_name, source, message) => {
    const files = memoryFiles(new MemoryBackend());
    const failure = writeJsonLines(files, URI, source);
    await expect(failure).rejects.toBeInstanceOf(TypeMismatchError);
    await expect(failure).rejects.toThrow(`cannot write ${URI}: expected an iterable`);
    await expect(failure).rejects.toThrow(message);
  });

  it("refuses an empty iterator with flytekit's message and leaves no file", async () => {
    const dir = tempDir();
    const failure = writeJsonLines(new FileAccess(dir), join(dir, "x", "out.jsonl"), []);
    await expect(failure).rejects.toBeInstanceOf(FlytekitError);
    await expect(failure).rejects.toMatchObject({ code: "empty_iterator" });
    await expect(failure).rejects.toThrow("The iterator is empty.");
    expect(filesUnder(dir)).toEqual([]);
  });

  it("leaves no file when the source fails part way", async () => {
    const dir = tempDir();
    function* failing() {
      for (let i = 0; i < 100_000; i++) yield { i, pad: "p".repeat(50) };
      throw new Error("source broke");
    }
    const failure = writeJsonLines(new FileAccess(dir), join(dir, "out.jsonl"), failing());
    await expect(failure).rejects.toThrow("source broke");
    expect(filesUnder(dir)).toEqual([]);
  });

  it("names the record that has no JSON text and leaves no file", async () => {
    const dir = tempDir();
    const path = join(dir, "out.jsonl");
    const failure = writeJsonLines(new FileAccess(dir), path, [1, 2, undefined]);
    await expect(failure).rejects.toBeInstanceOf(TypeMismatchError);
    await expect(failure).rejects.toThrow(
      `cannot write ${path}: record 2 undefined has no JSON text`,
    );
    expect(filesUnder(dir)).toEqual([]);
  });

  it("stops at the next batch when the signal aborts, and leaves no blob", async () => {
    const controller = new AbortController();
    const backend = new MemoryBackend({ onWrite: () => controller.abort(new Error("cancelled")) });
    const records = Array.from({ length: 50_000 }, (_, i) => ({ i }));
    const failure = writeJsonLines(memoryFiles(backend), URI, records, controller.signal);
    await expect(failure).rejects.toThrow("cancelled");
    expect(backend.writeStreams[0]?.destroyed).toBe(true);
    expect(backend.objects.has(URI)).toBe(false);
  });

  it("batches small lines into writes of about 64 KiB", async () => {
    const sizes: number[] = [];
    const backend = new MemoryBackend({ onWrite: (chunk) => sizes.push(chunk.length) });
    const records = Array.from({ length: 20_000 }, (_, i) => ({ i }));
    await writeJsonLines(memoryFiles(backend), URI, records);
    const total = backend.objects.get(URI)?.length ?? 0;
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(total);
    // Every write but the last is one batch: at least 64 KiB, and less than one more line.
    for (const size of sizes.slice(0, -1)) {
      expect(size).toBeGreaterThanOrEqual(65_536);
      expect(size).toBeLessThan(65_536 + 12);
    }
  });

  it("waits for storage to drain instead of pulling the whole source into memory", async () => {
    let pulled = 0;
    let written = 0;
    let maxAhead = 0;
    const backend = new MemoryBackend({
      writeHighWaterMark: 1,
      onWrite: (chunk) => {
        written += chunk.toString().split("\n").length - 1;
      },
    });
    function* records() {
      for (let i = 0; i < 200_000; i++) {
        pulled++;
        maxAhead = Math.max(maxAhead, pulled - written);
        yield { i };
      }
    }
    expect(await writeJsonLines(memoryFiles(backend), URI, records())).toBe(200_000);
    // A 64 KiB batch holds about 7,000 of these records; without backpressure the
    // generator would run all 200,000 ahead of the slow, asynchronous writer.
    expect(maxAhead).toBeLessThan(2 * 8_000);
    const back = await readJsonLines(memoryFiles(backend), URI).toArray();
    expect(back).toHaveLength(200_000);
    expect(back[199_999]).toEqual({ i: 199_999 });
  });
});
