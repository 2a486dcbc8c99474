/**
 * gzip-compressed JSON Lines: written on request with backpressure kept,
 * read transparently by their first bytes whatever the name, and damaged or
 * unsupported compression refused with a typed error naming the file.
 */
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { constants, gunzipSync, gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { FormatError } from "../../../src/engine/errors.js";
import { FileAccess } from "../../../src/storage/files.js";
import { defaultEngine } from "../../../src/types/default-engine.js";
import {
  type JsonLines,
  readJsonLines,
  writeJsonLines,
} from "../../../src/types/json-iterator/index.js";
import { t } from "../../../src/types/t.js";
import { tempDir, testContext } from "../../helpers/context.js";
import { MemoryBackend, memoryFiles } from "./memory-backend.js";

const URI = "mem://raw/abc/data.jsonl";

function store(bytes: Uint8Array, chunkBytes?: number) {
  const backend = new MemoryBackend(chunkBytes === undefined ? {} : { chunkBytes });
  backend.objects.set(URI, Buffer.from(bytes));
  return memoryFiles(backend);
}

async function outcome(lines: JsonLines) {
  const records: unknown[] = [];
  try {
    for await (const record of lines) records.push(record);
  } catch (error) {
    return { records, error: error as Error };
  }
  return { records, error: undefined };
}

/** A seeded stream of hex text that gzip cannot shrink much. */
function noise(seed: number): () => string {
  let state = seed;
  return () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0).toString(16).padStart(8, "0");
  };
}

describe("gzip JSON Lines", () => {
  it("writes gzip that zlib decodes to the same lines a plain write gives", async () => {
    const dir = tempDir();
    const files = new FileAccess(dir);
    const records = [{ a: 1, s: "é" }, [Number.NaN, 2n ** 70n], "x"];
    await writeJsonLines(files, join(dir, "plain.jsonl"), records);
    await writeJsonLines(files, join(dir, "z.jsonl.gz"), records, undefined, {
      compression: "gzip",
    });
    const zipped = readFileSync(join(dir, "z.jsonl.gz"));
    expect([...zipped.subarray(0, 2)]).toEqual([0x1f, 0x8b]);
    expect(gunzipSync(zipped).toString("utf8")).toBe(
      '{"a":1,"s":"é"}\n[NaN,1180591620717411303424]\n"x"\n',
    );
    expect(gunzipSync(zipped).equals(readFileSync(join(dir, "plain.jsonl")))).toBe(true);
  });

  it("reads gzip by its first bytes, whatever the name, across one-byte chunks", async () => {
    const bytes = gzipSync('\ufeff1\r\n[NaN]\r\n{"big": 18446744073709551617}');
    const files = store(bytes, 1);
    expect(await readJsonLines(files, URI).toArray()).toEqual([
      1,
      [Number.NaN],
      { big: 18446744073709551617n },
    ]);
  });

  it("reads every member of a multi-member gzip file, as gzip -d and Python do", async () => {
    const bytes = Buffer.concat([gzipSync("1\n2\n"), gzipSync("3\n")]);
    expect(await readJsonLines(store(bytes), URI).toArray()).toEqual([1, 2, 3]);
  });

  it("still numbers lines and applies the error policy inside gzip", async () => {
    const { records, error } = await outcome(readJsonLines(store(gzipSync("1\n2\nnope\n")), URI));
    expect(records).toEqual([1, 2]);
    expect(error).toMatchObject({ code: "invalid_json", line: 3, uri: URI });
  });

  it("refuses truncated gzip with invalid_gzip, after the records it holds", async () => {
    const whole = gzipSync(Array.from({ length: 2000 }, (_, i) => `${i}\n`).join(""));
    const files = store(whole.subarray(0, whole.length - 8), 64);
    const { records, error } = await outcome(readJsonLines(files, URI));
    // The records before the damage arrive in order (how many depends on zlib's buffering).
    expect(records.length).toBeGreaterThan(1000);
    expect(records).toEqual(Array.from({ length: records.length }, (_, i) => i));
    expect(error).toBeInstanceOf(FormatError);
    expect(error).toMatchObject({ code: "invalid_gzip", uri: URI });
    expect(error?.message).toBe(
      `cannot read ${URI}: its gzip data is damaged (unexpected end of file)`,
    );
  });

  it("refuses gzip magic followed by garbage, and garbage after a member", async () => {
    const garbage = Buffer.from([0x1f, 0x8b, 0x08, 0x00, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect((await outcome(readJsonLines(store(garbage), URI))).error).toMatchObject({
      code: "invalid_gzip",
    });
    const trailing = Buffer.concat([gzipSync("1\n"), Buffer.from("junk")]);
    expect((await outcome(readJsonLines(store(trailing), URI))).error).toMatchObject({
      code: "invalid_gzip",
    });
  });

  it("refuses zstd with a clear error rather than a parse error", async () => {
    const zstdFrame = Buffer.from([0x28, 0xb5, 0x2f, 0xfd, 0x24, 0x02, 0x11, 0x00, 0x00]);
    const { records, error } = await outcome(readJsonLines(store(zstdFrame, 2), URI));
    expect(records).toEqual([]);
    expect(error).toMatchObject({ code: "unsupported_compression", uri: URI });
    expect(error?.message).toMatch(new RegExp(`^cannot read ${URI}: it is zstd-compressed`));
  });

  it("bounds a gzip bomb of one endless line by maxLineBytes", async () => {
    const bomb = gzipSync(Buffer.alloc(32 << 20, "7"));
    expect(bomb.length).toBeLessThan(64 * 1024);
    const lines = readJsonLines(store(bomb), URI, { maxLineBytes: 4096 });
    const { error } = await outcome(lines);
    expect(error).toMatchObject({ code: "line_too_long", line: 1 });
  });

  it("keeps backpressure through gzip: the source runs at most a few batches ahead", async () => {
    const sent: Buffer[] = [];
    const marks: { bytes: number; pulled: number }[] = [];
    let pulled = 0;
    const backend = new MemoryBackend({
      writeHighWaterMark: 1,
      onWrite: (chunk) => {
        sent.push(Buffer.from(chunk));
        marks.push({ bytes: sent.reduce((sum, c) => sum + c.length, 0), pulled });
      },
    });
    const next = noise(11);
    function* records() {
      for (let i = 0; i < 30_000; i++) {
        pulled++;
        yield { i, pad: `${next()}${next()}${next()}${next()}` };
      }
    }
    const files = memoryFiles(backend);
    await writeJsonLines(files, URI, records(), undefined, { compression: "gzip" });

    // How many whole lines the backend had when each chunk arrived, decoding each prefix.
    const all = Buffer.concat(sent);
    let maxAhead = 0;
    for (const mark of marks) {
      const prefix = gunzipSync(all.subarray(0, mark.bytes), {
        finishFlush: constants.Z_SYNC_FLUSH,
      });
      const arrived = prefix.toString("latin1").split("\n").length - 1;
      maxAhead = Math.max(maxAhead, mark.pulled - arrived);
    }
    // A 64 KiB batch holds about 1,000 of these records; without backpressure the
    // generator would run all 30,000 ahead of the slow writer.
    expect(marks.length).toBeGreaterThan(20);
    expect(maxAhead).toBeLessThan(4_000);
    expect(await readJsonLines(files, URI).toArray()).toHaveLength(30_000);
  });
});

describe("t.jsonIterator({ compression })", () => {
  it('writes data.jsonl.gz with "gzip" and reads it back', async () => {
    const ctx = testContext();
    const d = t.jsonIterator({ compression: "gzip" });
    const literal = await defaultEngine.toLiteral(ctx, [{ id: 1 }, { id: 2 }], d);
    const uri = literal.scalar?.blob?.uri ?? "";
    expect(uri).toMatch(/\/[0-9a-f]{32}\/data\.jsonl\.gz$/);
    expect(literal.scalar?.blob?.metadata?.type?.format).toBe("jsonl");
    expect(gunzipSync(readFileSync(uri)).toString()).toBe('{"id":1}\n{"id":2}\n');
    const back = await defaultEngine.toValue<JsonLines>(ctx, literal, t.jsonIterator());
    expect(await back.toArray()).toEqual([{ id: 1 }, { id: 2 }]);
  });

  it("leaves nothing behind when a gzip write fails midway", async () => {
    const ctx = testContext();
    function* failing() {
      yield 1;
      throw new Error("source broke");
    }
    const failure = defaultEngine.toLiteral(
      ctx,
      failing(),
      t.jsonIterator({ compression: "gzip" }),
    );
    await expect(failure).rejects.toThrow("source broke");
    const left = readdirSync(ctx.files.rawOutputPrefix, { recursive: true, withFileTypes: true });
    expect(left.filter((entry) => !entry.isDirectory())).toEqual([]);
  });

  it("refuses an unknown compression when declared", () => {
    // @ts-expect-error: zstd is not offered (Node 20's zlib has none)
    expect(() => t.jsonIterator({ compression: "zstd" })).toThrow(
      'compression must be "none" or "gzip", got zstd',
    );
  });

  it("reads a gzip file with a plain name given as a blob", async () => {
    const path = join(tempDir(), "no-extension");
    writeFileSync(path, gzipSync('{"a":[1,2]}\n'));
    const ctx = testContext();
    const value = await defaultEngine.toValue<JsonLines>(
      ctx,
      { scalar: { blob: { uri: path, metadata: { type: { format: "jsonl" } } } } },
      t.jsonIterator(),
    );
    expect(await value.toArray()).toEqual([{ a: [1, 2] }]);
  });
});
