/**
 * Integers beyond ±(2^53 − 1): exact bigints by default, or a bad line
 * naming the line and the integer under `largeIntegers: "error"`; never a
 * rounded number.
 */
import { describe, expect, it } from "vitest";
import { JsonLinesError, readJsonLines } from "../../../src/types/json-iterator/index.js";
import { parseLine } from "../../../src/types/json-iterator/parse-line.js";
import { LargeIntegerError } from "../../../src/types/json-iterator/parse-tolerant.js";
import { t } from "../../../src/types/t.js";
import { MemoryBackend, memoryFiles } from "./memory-backend.js";

const URI = "mem://raw/abc/data.jsonl";

function store(text: string) {
  const backend = new MemoryBackend();
  backend.objects.set(URI, Buffer.from(text));
  return memoryFiles(backend);
}

describe("parseLine with largeIntegers: error", () => {
  it("passes every integer a number holds exactly, and floats of any length", () => {
    const line =
      '[9007199254740991, -9007199254740991, 1234567890123456, 0.30000000000000004, 1e16, "18446744073709551617", 12345678901234567890.5]';
    expect(parseLine(line, "error")).toEqual([
      9007199254740991,
      -9007199254740991,
      1234567890123456,
      0.30000000000000004,
      1e16,
      "18446744073709551617",
      12345678901234567000,
    ]);
  });

  it.each([
    ["9007199254740992", 1],
    ['{"id": -9007199254740993}', 8],
    ["[NaN, 18446744073709551617]", 7],
  ])("refuses %s with the integer and its column", (line, column) => {
    const digits = /-?\d{16,}/.exec(line)?.[0];
    let error: unknown;
    try {
      parseLine(line, "error");
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(LargeIntegerError);
    expect(error).toMatchObject({ digits, column });
  });
});

describe("readJsonLines with largeIntegers", () => {
  const text = '{"id": 1}\n{"id": 18446744073709551617}\n{"id": 3}\n';

  it("reads large integers as exact bigints by default", async () => {
    const records = await readJsonLines(store(text), URI).toArray();
    expect(records).toEqual([{ id: 1 }, { id: 18446744073709551617n }, { id: 3 }]);
  });

  it('fails on the line of a large integer under "error", naming the URI, line and integer', async () => {
    const lines = readJsonLines(store(text), URI, { largeIntegers: "error" });
    const seen: unknown[] = [];
    let failure: unknown;
    try {
      for await (const record of lines) seen.push(record);
    } catch (error) {
      failure = error;
    }
    expect(seen).toEqual([{ id: 1 }]);
    expect(failure).toBeInstanceOf(JsonLinesError);
    expect(failure).toMatchObject({ code: "large_integer", line: 2, uri: URI });
    expect((failure as Error).message).toBe(
      `cannot read ${URI}: line 2 holds the integer 18446744073709551617 (column 8), beyond ` +
        '±(2^53 − 1) where a number would round it, and largeIntegers is "error"',
    );
  });

  it("shortens an integer of many digits in the message", async () => {
    const digits = "9".repeat(5000);
    const lines = readJsonLines(store(`${digits}\n`), URI, { largeIntegers: "error" });
    const failure = await lines.toArray().catch((error: unknown) => error as Error);
    expect((failure as Error).message).toContain(
      `integer ${"9".repeat(20)}…${"9".repeat(10)} (5000 digits)`,
    );
  });

  it("lets onError skip or report such lines", async () => {
    const skipped = readJsonLines(store(text), URI, { largeIntegers: "error", onError: "skip" });
    expect(await skipped.toArray()).toEqual([{ id: 1 }, { id: 3 }]);
    const seen: [number, string, string][] = [];
    const reported = readJsonLines(store(text), URI, {
      largeIntegers: "error",
      onError: (line, raw, error) => seen.push([line, raw, (error as JsonLinesError).code]),
    });
    expect(await reported.toArray()).toEqual([{ id: 1 }, { id: 3 }]);
    expect(seen).toEqual([[2, '{"id": 18446744073709551617}', "large_integer"]]);
  });

  it("refuses an unknown setting when declared", () => {
    // @ts-expect-error: not one of the settings
    expect(() => t.jsonIterator({ largeIntegers: "round" })).toThrow(
      'largeIntegers must be "bigint" or "error", got round',
    );
  });
});
