import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { isFlytekitError, StorageError } from "../../../src/engine/errors.js";
import { JsonLinesError, readJsonLines } from "../../../src/types/json-iterator/index.js";
import { MemoryBackend, memoryFiles } from "./memory-backend.js";

const URI = "mem://raw/abc/data.jsonl";

function store(text: string | Uint8Array, options = {}) {
  const backend = new MemoryBackend(options);
  backend.objects.set(URI, Buffer.from(text));
  return { backend, files: memoryFiles(backend) };
}

/** Records read before the iteration failed, and the error. */
async function readUntilError(iterable: AsyncIterable<unknown>) {
  const records: unknown[] = [];
  try {
    for await (const record of iterable) records.push(record);
  } catch (error) {
    return { records, error };
  }
  return { records, error: undefined };
}

describe("readJsonLines", () => {
  it("streams records across small chunks, a long line included", async () => {
    const long = "x".repeat(5000);
    const { files } = store(`{"a":1}\n"${long}"\n[NaN,2]\n`, { chunkBytes: 7 });
    expect(await readJsonLines(files, URI).toArray()).toEqual([{ a: 1 }, long, [Number.NaN, 2]]);
  });

  it("starts again from the first record on each iteration", async () => {
    const { files, backend } = store("1\n2\n3\n");
    const lines = readJsonLines(files, URI);
    expect(await lines.toArray()).toEqual([1, 2, 3]);
    const firstTwo: unknown[] = [];
    for await (const record of lines) {
      firstTwo.push(record);
      if (firstTwo.length === 2) break;
    }
    expect(firstTwo).toEqual([1, 2]);
    expect(await lines.toArray()).toEqual([1, 2, 3]);
    expect(backend.readStreams).toHaveLength(3);
  });

  it("closes the file when the consumer leaves early", async () => {
    const { files, backend } = store("1\n2\n3\n", { chunkBytes: 2 });
    for await (const record of readJsonLines(files, URI)) if (record === 1) break;
    expect(backend.readStreams[0]?.destroyed).toBe(true);
  });

  it("yields the records before a bad line, then names the URI, the line and the text", async () => {
    const { files } = store('{"a":1}\n{"b":2}\n{"c": tru}\n{"d":4}\n');
    const { records, error } = await readUntilError(readJsonLines(files, URI));
    expect(records).toEqual([{ a: 1 }, { b: 2 }]);
    expect(error).toBeInstanceOf(JsonLinesError);
    const failure = error as JsonLinesError;
    expect(failure.code).toBe("invalid_json");
    expect(failure.line).toBe(3);
    expect(failure.uri).toBe(URI);
    expect(failure.message).toMatch(/^cannot read mem:\/\/raw\/abc\/data\.jsonl: line 3 /);
    expect(failure.message).toContain('{\\"c\\": tru}');
    expect(isFlytekitError(error)).toBe(true);
  });

  it("shortens a long bad line in the message", async () => {
    const { files } = store(`[${"1,".repeat(10_000)}]\n`);
    const { error } = await readUntilError(readJsonLines(files, URI));
    expect((error as Error).message.length).toBeLessThan(300);
  });

  it("refuses a line that is not UTF-8 with invalid_utf8", async () => {
    const { files } = store(new Uint8Array([0x31, 0x0a, 0x22, 0xff, 0x22, 0x0a]));
    const { records, error } = await readUntilError(readJsonLines(files, URI));
    expect(records).toEqual([1]);
    expect(error).toMatchObject({ code: "invalid_utf8", line: 2 });
  });

  it("refuses a line longer than maxLineBytes without reading the rest of it", async () => {
    const { files } = store(`1\n${"7".repeat(100_000)}\n`, { chunkBytes: 1000 });
    const { records, error } = await readUntilError(
      readJsonLines(files, URI, { maxLineBytes: 50 }),
    );
    expect(records).toEqual([1]);
    expect(error).toMatchObject({ code: "line_too_long", line: 2 });
    expect((error as Error).message).toContain("limit of 50 bytes");
  });

  it("raises on line_too_long even when other errors are skipped", async () => {
    const { files } = store(`oops\n${"7".repeat(100)}\n`);
    const lines = readJsonLines(files, URI, { maxLineBytes: 50, onError: "skip" });
    const { error } = await readUntilError(lines);
    expect(error).toMatchObject({ code: "line_too_long", line: 2 });
  });

  it("skips bad lines with onError: skip", async () => {
    const bytes = Buffer.concat([
      Buffer.from('1\nnot json\n\n{"ok": true}\n'),
      Buffer.from([0xc3, 0x0a]),
      Buffer.from("3"),
    ]);
    const { files } = store(bytes);
    expect(await readJsonLines(files, URI, { onError: "skip" }).toArray()).toEqual([
      1,
      { ok: true },
      3,
    ]);
  });

  it("hands bad lines to an onError function with their number and text", async () => {
    const { files } = store('1\nnot json\n   \n"x"\n');
    const seen: [number, string, string][] = [];
    const onError = (line: number, text: string, error: Error) => {
      seen.push([line, text, (error as JsonLinesError).code]);
    };
    expect(await readJsonLines(files, URI, { onError }).toArray()).toEqual([1, "x"]);
    expect(seen).toEqual([
      [2, "not json", "invalid_json"],
      [3, "   ", "empty_line"],
    ]);
  });

  it("stops when the onError function throws", async () => {
    const { files } = store("1\nbad\n3\n");
    const onError = (line: number) => {
      throw new Error(`stop at ${line}`);
    };
    const { records, error } = await readUntilError(readJsonLines(files, URI, { onError }));
    expect(records).toEqual([1]);
    expect((error as Error).message).toBe("stop at 2");
  });

  it("treats blank lines as errors by default and skips them on request", async () => {
    const { files } = store("1\n\n2\n \t\r\n3\n");
    const { error } = await readUntilError(readJsonLines(files, URI));
    expect(error).toMatchObject({ code: "empty_line", line: 2 });
    const lines = readJsonLines(files, URI, { skipBlankLines: true });
    expect(await lines.toArray()).toEqual([1, 2, 3]);
  });

  it("turns a failing read into a StorageError naming the URI", async () => {
    const { files } = store("1\n2\n3\n", { chunkBytes: 2, failReadAfterChunks: 1 });
    const { records, error } = await readUntilError(readJsonLines(files, URI));
    expect(records).toEqual([1]);
    expect(error).toBeInstanceOf(StorageError);
    expect(error).toMatchObject({ code: "io_error", uri: URI });
    expect((error as Error).message).toBe(`cannot read ${URI}: connection reset`);
  });

  it("refuses a maxLineBytes that is not a positive integer", () => {
    const { files } = store("1\n");
    expect(() => readJsonLines(files, URI, { maxLineBytes: 0 })).toThrow(RangeError);
    expect(() => readJsonLines(files, URI, { maxLineBytes: 1.5 })).toThrow(RangeError);
  });

  it("ends any byte soup in records or a typed error, never another failure (property, seed 5)", async () => {
    const jsonish = fc.constantFrom(...'{}[]",:0123456789.eE+- \t\r\nNaInfityrulsf\\'.split(""));
    const text = fc.array(jsonish, { maxLength: 80 }).map((chars) => Buffer.from(chars.join("")));
    const bytes = fc.oneof(
      text,
      fc.uint8Array({ maxLength: 80 }).map((b) => Buffer.from(b)),
    );
    await fc.assert(
      fc.asyncProperty(bytes, fc.integer({ min: 1, max: 9 }), async (data, chunkBytes) => {
        const { files } = store(data, { chunkBytes });
        const outcome = await readJsonLines(files, URI, { maxLineBytes: 64 })
          .toArray()
          .then(
            () => undefined,
            (error: unknown) => error,
          );
        if (outcome !== undefined) {
          expect(outcome).toBeInstanceOf(JsonLinesError);
          expect((outcome as JsonLinesError).message).toContain(URI);
        }
      }),
      { seed: 5, numRuns: 400 },
    );
  });
});
