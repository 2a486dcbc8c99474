/** `batches(n)` on a JSON iterator: arrays of up to n records, read as needed. */
import { describe, expect, it } from "vitest";
import { readJsonLines } from "../../../src/types/json-iterator/index.js";
import { MemoryBackend, memoryFiles } from "./memory-backend.js";

const URI = "mem://raw/abc/data.jsonl";

function store(text: string, chunkBytes?: number) {
  const backend = new MemoryBackend(chunkBytes === undefined ? {} : { chunkBytes });
  backend.objects.set(URI, Buffer.from(text));
  return { backend, files: memoryFiles(backend) };
}

async function collect<T>(batches: AsyncIterable<T[]>): Promise<T[][]> {
  const out: T[][] = [];
  for await (const batch of batches) out.push(batch);
  return out;
}

describe("JsonLines.batches", () => {
  it("groups records into arrays of n, the last one shorter", async () => {
    const { files } = store("1\n2\n3\n4\n5\n");
    const lines = readJsonLines(files, URI);
    expect(await collect(lines.batches(2))).toEqual([[1, 2], [3, 4], [5]]);
    expect(await collect(lines.batches(5))).toEqual([[1, 2, 3, 4, 5]]);
    expect(await collect(lines.batches(1))).toEqual([[1], [2], [3], [4], [5]]);
    expect(await collect(lines.batches(100))).toEqual([[1, 2, 3, 4, 5]]);
  });

  it("yields nothing for a file without records", async () => {
    const { files } = store("");
    expect(await collect(readJsonLines(files, URI).batches(3))).toEqual([]);
  });

  it("reads only as far as the batches taken, and closes the file on leaving", async () => {
    const text = Array.from({ length: 1000 }, (_, i) => `${i}\n`).join("");
    const { files, backend } = store(text, 16);
    let first: number[] | undefined;
    for await (const batch of readJsonLines(files, URI).batches(3)) {
      first = batch as number[];
      break;
    }
    expect(first).toEqual([0, 1, 2]);
    expect(backend.readStreams[0]?.destroyed).toBe(true);
  });

  it("hands out the records before a bad line as a short batch, then the error", async () => {
    const { files } = store("1\n2\n3\noops\n5\n");
    const seen: unknown[][] = [];
    let failure: unknown;
    try {
      for await (const batch of readJsonLines(files, URI).batches(2)) seen.push(batch);
    } catch (error) {
      failure = error;
    }
    expect(seen).toEqual([[1, 2], [3]]);
    expect(failure).toMatchObject({ code: "invalid_json", line: 4 });
  });

  it("refuses a batch size that is not a positive integer at once", () => {
    const lines = readJsonLines(store("1\n").files, URI);
    for (const size of [0, -1, 2.5, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(() => lines.batches(size)).toThrow(RangeError);
    }
  });
});
