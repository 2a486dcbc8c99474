import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  type InvalidUtf8Line,
  type LineBlock,
  LineSplitter,
  type LineTooLong,
} from "../../../src/types/json-iterator/line-splitter.js";

type Line = string | InvalidUtf8Line | LineTooLong;

/** The lines of the splitter's blocks: each block of lines cut at LF, one CR before it removed. */
function linesOf(blocks: readonly LineBlock[]): Line[] {
  return blocks.flatMap((block): Line[] => {
    if (block.fault !== undefined) return [block];
    // The Latin-1 text has a character per byte, and is the text itself when ASCII.
    expect(block.latin1).toBe(block.bytes.toString("latin1"));
    expect(block.ascii).toBe(block.bytes.every((byte) => byte < 0x80));
    const text = block.bytes.toString("utf8");
    expect(text.endsWith("\n")).toBe(true);
    return text
      .slice(0, -1)
      .split("\n")
      .map((line) => line.replace(/\r$/, ""));
  });
}

/** Feeds `bytes` to a splitter cut at the given offsets and collects every line. */
function split(bytes: Uint8Array, cuts: number[], maxLineBytes = 1 << 20): Line[] {
  const splitter = new LineSplitter(maxLineBytes);
  const blocks: LineBlock[] = [];
  let from = 0;
  for (const cut of [...cuts].sort((a, b) => a - b).concat(bytes.length)) {
    blocks.push(...splitter.push(Buffer.from(bytes.subarray(from, cut))));
    from = cut;
  }
  blocks.push(...splitter.end());
  return linesOf(blocks);
}

const utf8 = (text: string) => new TextEncoder().encode(text);

describe("LineSplitter", () => {
  it("cuts at LF only, removing one CR before it and keeping a bare CR", () => {
    expect(split(utf8('{"a":1}\r\n"b"\n\r\n x\ry \n'), [])).toEqual([
      '{"a":1}',
      '"b"',
      "",
      " x\ry ",
    ]);
  });

  it("returns a last line without a final newline, and nothing for an empty stream", () => {
    expect(split(utf8("1\n2"), [])).toEqual(["1", "2"]);
    expect(split(utf8(""), [])).toEqual([]);
    expect(split(utf8("\n"), [])).toEqual([""]);
  });

  it("removes exactly one BOM at the very start, even when it is cut across chunks", () => {
    const bytes = utf8("\uFEFF\uFEFF1\n\uFEFF2\n");
    expect(split(bytes, [1, 2])).toEqual(["\uFEFF1", "\uFEFF2"]);
    expect(split(utf8("\uFEFF1\n"), [1])).toEqual(["1"]);
    expect(split(utf8("\uFEFF"), [1])).toEqual([]);
    expect(split(utf8("\uFEFF\n"), [])).toEqual([""]);
  });

  it("joins a multi-byte character and a CRLF cut across chunks", () => {
    const bytes = utf8('"é😀"\r\n"z"\n');
    for (let cut = 1; cut < bytes.length; cut++) {
      expect(split(bytes, [cut])).toEqual(['"é😀"', '"z"']);
    }
  });

  it("reports a line that is not UTF-8 and keeps the lines around it", () => {
    const bytes = new Uint8Array([...utf8("1\n"), 0x22, 0xc3, 0x28, 0x22, 0x0a, ...utf8("3\n")]);
    const lines = split(bytes, []);
    expect(lines).toEqual([
      "1",
      { fault: "invalid_utf8", bytes: new Uint8Array([0x22, 0xc3, 0x28, 0x22]) },
      "3",
    ]);
    expect(split(new Uint8Array([0xed, 0xa0, 0x80, 0x0a]), [])[0]).toMatchObject({
      fault: "invalid_utf8",
    });
  });

  it("accepts a line of exactly maxLineBytes (CR not counted) and refuses one byte more", () => {
    expect(split(utf8("12345\r\n"), [], 5)).toEqual(["12345"]);
    expect(split(utf8("12345\r\n123456\n7\n"), [], 5)).toEqual([
      "12345",
      { fault: "line_too_long", bytes: 6 },
    ]);
  });

  it("stops holding an unfinished line once it passes the limit", () => {
    const splitter = new LineSplitter(10);
    expect(splitter.push(Buffer.from("12345"))).toEqual([]);
    expect(splitter.push(Buffer.from("678901234"))).toEqual([
      { fault: "line_too_long", bytes: 14 },
    ]);
    expect(splitter.push(Buffer.from("5\n6\n"))).toEqual([]);
    expect(splitter.end()).toEqual([]);
  });

  it("gives the same lines however the stream is cut (property, seed 3)", () => {
    const line = fc
      .string({ unit: "grapheme", maxLength: 12 })
      .map((s) => s.replace(/[\n\r]/g, ""));
    fc.assert(
      fc.property(
        fc.array(line, { maxLength: 12 }),
        fc.boolean(),
        fc.array(fc.nat(), { maxLength: 8 }),
        (lines, crlf, rawCuts) => {
          const bytes = utf8(lines.map((l) => `${l}${crlf ? "\r\n" : "\n"}`).join(""));
          const cuts = rawCuts.map((c) => (bytes.length === 0 ? 0 : c % bytes.length));
          const expected = lines.map((l, i) => (i === 0 ? l.replace(/^\uFEFF/, "") : l));
          expect(split(bytes, cuts)).toEqual(expected);
        },
      ),
      { seed: 3, numRuns: 300 },
    );
  });

  it("hands out the lines of a large chunk in blocks of about 64 KiB, a longer line whole", () => {
    const lines = Array.from(
      { length: 5000 },
      (_, i) => `{"id":${i},"text":"${"x".repeat(i % 90)}"}`,
    );
    lines.splice(2500, 0, `"${"y".repeat(100_000)}"`);
    const text = `${lines.join("\n")}\n`;
    const blocks = new LineSplitter(1 << 20).push(Buffer.from(text));
    expect(blocks.length).toBeGreaterThan(4);
    const texts = blocks.map((block) => (block.fault === undefined ? block.latin1 : ""));
    expect(texts.join("")).toBe(text);
    for (const block of texts) {
      expect(block.endsWith("\n")).toBe(true);
      const lastLine = block.slice(block.lastIndexOf("\n", block.length - 2) + 1);
      expect(block.length - lastLine.length).toBeLessThanOrEqual(64 * 1024);
    }
  });
});
