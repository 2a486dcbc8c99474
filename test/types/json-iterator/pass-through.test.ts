/**
 * A received JSON iterator handed on unchanged keeps its blob when that blob
 * serves as it is, and is written anew when it does not.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { blobLiteral } from "../../../src/model/literals.js";
import { defaultEngine } from "../../../src/types/default-engine.js";
import type { JsonLines } from "../../../src/types/json-iterator/index.js";
import { t } from "../../../src/types/t.js";
import { tempDir, testContext } from "../../helpers/context.js";

/** A received JSON iterator over a file holding `bytes`. */
async function receive(bytes: string | Uint8Array, d = t.jsonIterator()) {
  const path = join(tempDir(), "in.jsonl");
  writeFileSync(path, bytes);
  const ctx = testContext();
  const value = await defaultEngine.toValue<JsonLines>(ctx, blobLiteral(path, "jsonl"), d);
  return { ctx, path, value };
}

/** Files under `dir`; none when it was never created. */
function blobsUnder(dir: string): number {
  if (!existsSync(dir)) return 0;
  const entries = readdirSync(dir, { recursive: true, withFileTypes: true });
  return entries.filter((entry) => entry.isFile()).length;
}

describe("handing on a received JSON iterator", () => {
  it("reuses the blob, copying nothing", async () => {
    const { ctx, path, value } = await receive('{"a":1}\r\n{"a":2}');
    const literal = await defaultEngine.toLiteral(ctx, value, t.jsonIterator());
    expect(literal.scalar?.blob?.uri).toBe(path);
    expect(literal.scalar?.blob?.metadata?.type?.format).toBe("jsonl");
    expect(blobsUnder(ctx.files.rawOutputPrefix)).toBe(0);
  });

  it("reuses a gzip blob for a gzip output", async () => {
    const { ctx, path, value } = await receive(gzipSync("1\n2\n"));
    const d = t.jsonIterator({ compression: "gzip" });
    expect((await defaultEngine.toLiteral(ctx, value, d)).scalar?.blob?.uri).toBe(path);
  });

  it("writes anew when the compression differs, in either direction", async () => {
    const plain = await receive("1\n2\n");
    const zipped = await defaultEngine.toLiteral(
      plain.ctx,
      plain.value,
      t.jsonIterator({ compression: "gzip" }),
    );
    const zippedUri = zipped.scalar?.blob?.uri ?? "";
    expect(zippedUri).toMatch(/data\.jsonl\.gz$/);
    expect([...readFileSync(zippedUri).subarray(0, 2)]).toEqual([0x1f, 0x8b]);

    const gz = await receive(gzipSync("1\n2\n"));
    const unzipped = await defaultEngine.toLiteral(gz.ctx, gz.value, t.jsonIterator());
    expect(readFileSync(unzipped.scalar?.blob?.uri ?? "", "utf8")).toBe("1\n2\n");
  });

  it("writes anew the records a lenient reader keeps, not the lines it dropped", async () => {
    const { ctx, path, value } = await receive(
      "1\nnot json\n\n2\n",
      t.jsonIterator({ onError: "skip" }),
    );
    const literal = await defaultEngine.toLiteral(ctx, value, t.jsonIterator());
    const uri = literal.scalar?.blob?.uri ?? "";
    expect(uri).not.toBe(path);
    expect(readFileSync(uri, "utf8")).toBe("1\n2\n");
  });
});
