import { readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, expectTypeOf, it } from "vitest";
import type { AcceptsOf, ValueOf } from "../../../src/engine/descriptor.js";
import { StorageError, TypeMismatchError } from "../../../src/engine/errors.js";
import { blobLiteral, integerLiteral } from "../../../src/model/literals.js";
import { literalTypeToJson } from "../../../src/model/serialize.js";
import { defaultEngine } from "../../../src/types/default-engine.js";
import {
  describeJsonLines,
  JsonLines,
  type JsonValue,
  jsonIteratorTransformer,
} from "../../../src/types/json-iterator/index.js";
import { t } from "../../../src/types/t.js";
import { tempDir, testContext } from "../../helpers/context.js";

describe("t.jsonIterator()", () => {
  it("declares flytekit's literal type: blob jsonl, SINGLE, metadata format json iterator", () => {
    expect(literalTypeToJson(defaultEngine.literalType(t.jsonIterator()))).toEqual({
      blob: { format: "jsonl", dimensionality: 0 },
      metadata: { fields: { format: { stringValue: "json iterator" } } },
    });
  });

  it("is guessed from flytekit's literal type only", () => {
    const type = defaultEngine.literalType(t.jsonIterator());
    expect(defaultEngine.guess(type).kind).toBe("jsonIterator");
    const guess = jsonIteratorTransformer.guess!;
    expect(guess({ blob: { format: "jsonl" } }, defaultEngine)).toBeUndefined();
    expect(guess({ ...type, blob: { format: "NumpyArray" } }, defaultEngine)).toBeUndefined();
    expect(guess({ ...type, blob: { format: "jsonl", dimensionality: 1 } }, defaultEngine)).toBe(
      undefined,
    );
  });

  it("writes a blob <raw prefix>/<32 hex>/data.jsonl and reads it back", async () => {
    const ctx = testContext();
    const literal = await defaultEngine.toLiteral(
      ctx,
      [{ a: 1 }, "two", 3n ** 50n],
      t.jsonIterator(),
    );
    const blob = literal.scalar?.blob;
    expect(blob?.metadata?.type?.format).toBe("jsonl");
    expect(blob?.uri).toMatch(
      new RegExp(`^${ctx.files.rawOutputPrefix}/[0-9a-f]{32}/data\\.jsonl$`),
    );

    const value = await defaultEngine.toValue<JsonLines>(ctx, literal, t.jsonIterator());
    expect(value).toBeInstanceOf(JsonLines);
    expect(value.uri).toBe(blob?.uri);
    expect(await value.toArray()).toEqual([{ a: 1 }, "two", 717897987691852588770249n]);
  });

  it("labels the empty-iterator error with the task and variable", async () => {
    const ctx = testContext({ task: "make", variable: "output o0" });
    const failure = defaultEngine.toLiteral(ctx, (function* () {})(), t.jsonIterator());
    await expect(failure).rejects.toThrow(
      "task make, output o0: cannot write a JSON iterator: The iterator is empty.",
    );
    const left = readdirSync(ctx.files.rawOutputPrefix, { recursive: true, withFileTypes: true });
    expect(left.filter((entry) => !entry.isDirectory())).toEqual([]);
  });

  it("passes the descriptor's read options to the reader", async () => {
    const ctx = testContext();
    const path = join(tempDir(), "blank.jsonl");
    writeFileSync(path, "1\n\n2\n");
    const literal = blobLiteral(path, "jsonl");
    const strict = await defaultEngine.toValue<JsonLines>(ctx, literal, t.jsonIterator());
    await expect(strict.toArray()).rejects.toMatchObject({ code: "empty_line", line: 2 });
    const lenient = t.jsonIterator({ skipBlankLines: true });
    const value = await defaultEngine.toValue<JsonLines>(ctx, literal, lenient);
    expect(await value.toArray()).toEqual([1, 2]);
  });

  it("refuses a literal that is not a blob, and a blob that does not exist", async () => {
    const ctx = testContext();
    await expect(
      defaultEngine.toValue(ctx, integerLiteral(1), t.jsonIterator()),
    ).rejects.toBeInstanceOf(TypeMismatchError);
    const missing = join(tempDir(), "missing.jsonl");
    const failure = defaultEngine.toValue(ctx, blobLiteral(missing, "jsonl"), t.jsonIterator());
    await expect(failure).rejects.toBeInstanceOf(StorageError);
    await expect(failure).rejects.toThrow(`cannot read ${missing}: no such file or object`);
  });

  it("reads a blob of another format but warns through the logger", async () => {
    const warnings: string[] = [];
    const logger = { debug() {}, info() {}, warn: (message: string) => warnings.push(message) };
    const ctx = testContext({ logger });
    const path = join(tempDir(), "old.jsonl");
    writeFileSync(path, '{"a":1}\n');
    for (const format of ["JSONL", "jsonl", "csv"]) {
      const value = await defaultEngine.toValue<JsonLines>(
        ctx,
        blobLiteral(path, format),
        t.jsonIterator(),
      );
      expect(await value.toArray()).toEqual([{ a: 1 }]);
    }
    expect(warnings).toEqual([`reading ${path} as JSON Lines although its blob format is "csv"`]);
  });

  it("refuses bad options when declared", () => {
    expect(() => t.jsonIterator({ maxLineBytes: -1 })).toThrow(RangeError);
  });

  it("renders the first records in HTML, escaped", async () => {
    const ctx = testContext();
    const records = [{ html: "<script>x</script>" }, 2, 3, 4, 5, 6, 7];
    const literal = await defaultEngine.toLiteral(ctx, records, t.jsonIterator());
    const value = await defaultEngine.toValue<JsonLines>(ctx, literal, t.jsonIterator());
    const html = await jsonIteratorTransformer.toHtml!(ctx, value, t.jsonIterator());
    expect(html).not.toContain("<script>");
    expect(html.slice(html.indexOf("<pre>"))).toBe(
      "<pre>{&#34;html&#34;:&#34;&#60;script&#62;x&#60;/script&#62;&#34;}\n2\n3\n4\n5</pre><p>…</p>",
    );
  });

  it("renders records that are all objects as a table, one column per key", async () => {
    const ctx = testContext();
    const records = [
      { id: 1, name: "<b>ann</b>" },
      { id: 2, tags: ["x"] },
    ];
    const literal = await defaultEngine.toLiteral(ctx, records, t.jsonIterator());
    const value = await defaultEngine.toValue<JsonLines>(ctx, literal, t.jsonIterator());
    const html = await jsonIteratorTransformer.toHtml!(ctx, value, t.jsonIterator());
    expect(html.slice(html.indexOf("<table>"))).toBe(
      "<table><thead><tr><th>id</th><th>name</th><th>tags</th></tr></thead><tbody>" +
        "<tr><td>1</td><td>&#60;b&#62;ann&#60;/b&#62;</td><td></td></tr>" +
        "<tr><td>2</td><td></td><td>[&#34;x&#34;]</td></tr></tbody></table>",
    );
  });

  it("describes itself for the CLI: the count, then the first records", async () => {
    const ctx = testContext();
    const literal = await defaultEngine.toLiteral(ctx, [{ a: 2n ** 64n }, 2], t.jsonIterator());
    const value = await defaultEngine.toValue<JsonLines>(ctx, literal, t.jsonIterator());
    const text = await jsonIteratorTransformer.describe!(ctx, value, t.jsonIterator());
    expect(text).toBe('2 records\n{"a":18446744073709551616}\n2');
  });

  it("gives the value and accepted types statically", () => {
    const d = t.jsonIterator<{ id: number }>();
    expectTypeOf<ValueOf<typeof d>>().toEqualTypeOf<JsonLines<{ id: number }>>();
    const plain = t.jsonIterator();
    expectTypeOf<ValueOf<typeof plain>>().toEqualTypeOf<JsonLines<JsonValue>>();
    expectTypeOf<AcceptsOf<typeof plain>>().toEqualTypeOf<
      Iterable<unknown> | AsyncIterable<unknown>
    >();
  });
});

describe("describeJsonLines", () => {
  it("counts the records and shows the first", async () => {
    const summary = await describeJsonLines([{ a: Number.NaN }, 2, 3]);
    expect(summary.count).toBe(3);
    expect(summary.first).toEqual([{ a: Number.NaN }]);
    expect(summary.text).toBe('3 records, first: {"a":NaN}');
    expect((await describeJsonLines([])).text).toBe("0 records");
    expect((await describeJsonLines(["x".repeat(500)], { maxChars: 5 })).text).toBe(
      '1 record, first: "xxxx…',
    );
  });
});
