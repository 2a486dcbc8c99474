import { describe, expect, it } from "vitest";
import type { JsonValue } from "../../../src/types/json-iterator/json-value.js";
import { LineRecords, SKIP } from "../../../src/types/json-iterator/line-records.js";
import { type LineBlock, LineSplitter } from "../../../src/types/json-iterator/line-splitter.js";
import { parseLine } from "../../../src/types/json-iterator/parse-line.js";
import { END } from "../../../src/types/json-iterator/record-iterator.js";

/** The blocks of `text`, cut into chunks of `chunkBytes`. */
function blocksOf(text: string | Buffer, chunkBytes = 1 << 20): LineBlock[] {
  const bytes = Buffer.from(text);
  const splitter = new LineSplitter(1 << 20);
  const blocks: LineBlock[] = [];
  for (let from = 0; from < bytes.length; from += chunkBytes) {
    blocks.push(...splitter.push(bytes.subarray(from, from + chunkBytes)));
  }
  return [...blocks, ...splitter.end()];
}

/** Every record, with the lines the exact decoder was handed (number and text). */
function readAll(blocks: LineBlock[]) {
  const exact: [number, string][] = [];
  const records = new LineRecords((line, lineNumber) => {
    if (typeof line !== "string") {
      exact.push([lineNumber, `<${line.fault}>`]);
      return SKIP;
    }
    exact.push([lineNumber, line]);
    return line === "skip" ? SKIP : parseLine(line);
  });
  const out: JsonValue[] = [];
  records.load(blocks);
  for (let record = records.next(); record !== END; record = records.next()) out.push(record);
  return { out, exact };
}

describe("LineRecords", () => {
  it("hands the exact decoder the lines the fast parser declines, numbered and without CR", () => {
    const text = '{"a":1}\r\n[NaN]\r\nskip\n{"a":2}\n"é"\n';
    const { out, exact } = readAll(blocksOf(text));
    expect(out).toEqual([{ a: 1 }, [Number.NaN], { a: 2 }, "é"]);
    expect(exact.map(([lineNumber]) => lineNumber)).toEqual(expect.arrayContaining([2, 3]));
    const fileLines = text.split("\n").map((line) => line.replace(/\r$/, ""));
    for (const [lineNumber, line] of exact) expect(line).toBe(fileLines[lineNumber - 1]);
  });

  it("numbers lines across blocks and undecodable lines", () => {
    const bytes = Buffer.concat([
      Buffer.from("1\n2\n"),
      Buffer.from([0xff, 0x0a]),
      Buffer.from("[NaN]\n5"),
    ]);
    const { out, exact } = readAll(blocksOf(bytes, 3));
    expect(out).toEqual([1, 2, [Number.NaN], 5]);
    expect(exact).toContainEqual([3, "<invalid_utf8>"]);
    expect(exact).toContainEqual([4, "[NaN]"]);
  });

  it("stops trying the fast parser on lines it keeps declining, and tries again later", () => {
    const lines = [
      ...Array.from({ length: 2000 }, (_, i) => `[${i}, NaN]`),
      ...Array.from({ length: 3000 }, (_, i) => `[${i}]`),
    ];
    const { out, exact } = readAll(blocksOf(`${lines.join("\n")}\n`));
    expect(out).toHaveLength(5000);
    expect(out[1999]).toEqual([1999, Number.NaN]);
    expect(out[4999]).toEqual([2999]);
    // Every NaN line goes to the exact decoder; after them the fast parser takes over again
    // within one back-off period (at most 1,024 lines).
    const after = exact.filter(([lineNumber]) => lineNumber > 2000).length;
    expect(after).toBeLessThanOrEqual(1024);
    expect(exact.length).toBeGreaterThanOrEqual(2000);
  });
});
