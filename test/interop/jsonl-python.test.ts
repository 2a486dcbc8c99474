/**
 * JSON Lines between flytekit-ts and real Python `json`: files written here
 * are read by `json.loads` a line at a time and checked by Python against
 * Python values; files written by `json.dumps` (with NaN, infinities, big
 * ints, non-ASCII, nesting) are read here to the values Python reports.
 */
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { blobLiteral } from "../../src/model/literals.js";
import { defaultEngine } from "../../src/types/default-engine.js";
import type { JsonLines } from "../../src/types/json-iterator/index.js";
import { t } from "../../src/types/t.js";
import { tempDir, testContext } from "../helpers/context.js";
import { hasPython, runPython } from "../helpers/python.js";
import { PY_HELPERS, PY_RECORDS } from "../types/json-iterator/python-snippets.js";
import { untag } from "../types/json-iterator/tagged.js";

describe.skipIf(!hasPython)("JSON Lines with Python's json", () => {
  it("files written here are read by json.loads to the expected Python values", async () => {
    const ctx = testContext();
    const records = [
      { id: 1, name: "plain", score: 0.5, ok: true, none: null },
      { nan: Number.NaN, inf: Number.POSITIVE_INFINITY, ninf: Number.NEGATIVE_INFINITY },
      { big: 2n ** 70n, negbig: -(2n ** 63n), unsafeNumber: 2 ** 60, safe: 2 ** 53 - 1 },
      { text: "héllo 世界 🎉", escapes: 'q" b\\ nl\n tab\t \u0001 \u2028', lone: "\ud800" },
      [1, [2, [3, { deep: [Number.NaN] }]]],
      "just a string",
      12345,
      { when: new Date(Date.UTC(2024, 0, 2, 3, 4, 5, 6)), arr: [undefined, 1], gone: undefined },
    ];
    async function* produce() {
      yield* records;
    }
    const literal = await defaultEngine.toLiteral(ctx, produce(), t.jsonIterator());
    const uri = literal.scalar?.blob?.uri ?? "";

    const verdict = runPython(
      `${PY_HELPERS}
got = read_lines(sys.argv[1])
expected = [
    {"id": 1, "name": "plain", "score": 0.5, "ok": True, "none": None},
    {"nan": float("nan"), "inf": float("inf"), "ninf": float("-inf")},
    {"big": 2**70, "negbig": -(2**63), "unsafeNumber": float(2**60), "safe": 2**53 - 1},
    {"text": "h\\u00e9llo \\u4e16\\u754c \\U0001F389", "escapes": "q\\" b\\\\ nl\\n tab\\t \\x01 \\u2028", "lone": "\\ud800"},
    [1, [2, [3, {"deep": [float("nan")]}]]],
    "just a string",
    12345,
    {"when": "2024-01-02T03:04:05.006Z", "arr": [None, 1]},
]
bad = [i for i, (g, e) in enumerate(zip(got, expected)) if not same(g, e)]
print(json.dumps({"count": len(got), "bad": bad, "got": [repr(got[i]) for i in bad]}))
`,
      [uri],
    );
    expect(JSON.parse(verdict)).toEqual({ count: 8, bad: [], got: [] });
  });

  it.each([
    ["json.dumps defaults (ASCII escapes)", "json.dumps(r)", "utf-8", "\\n"],
    ["flytekit's jsonlines style (raw UTF-8)", "json.dumps(r, ensure_ascii=False)", "utf-8", "\\n"],
    ["compact, CRLF and a BOM", "json.dumps(r, separators=(',', ':'))", "utf-8-sig", "\\r\\n"],
  ])(
    "files written by Python (%s) read here to Python's values",
    async (_name, dumps, encoding, eol) => {
      const path = join(tempDir(), "py.jsonl");
      const tagged = runPython(
        `${PY_HELPERS}${PY_RECORDS}
with open(sys.argv[1], "w", encoding="${encoding}", newline="") as f:
    for r in records:
        f.write(${dumps} + "${eol}")
print(json.dumps([tag(r) for r in records]))
`,
        [path],
      );
      const ctx = testContext();
      const value = await defaultEngine.toValue<JsonLines>(
        ctx,
        blobLiteral(path, "jsonl"),
        t.jsonIterator(),
      );
      const records = await value.toArray();
      expect(records).toEqual(untag(JSON.parse(tagged)));
      expect((records[1] as Record<string, unknown>).big).toBe(18446744073709551617n);
    },
  );

  it('a Python file with ints beyond 2^53 fails under largeIntegers: "error" at their line', async () => {
    const path = join(tempDir(), "py.jsonl");
    runPython(
      `${PY_HELPERS}${PY_RECORDS}
with open(sys.argv[1], "w", encoding="utf-8") as f:
    for r in records:
        f.write(json.dumps(r) + "\\n")
`,
      [path],
    );
    const ctx = testContext({ variable: "input rows" });
    const d = t.jsonIterator({ largeIntegers: "error" });
    const value = await defaultEngine.toValue<JsonLines>(ctx, blobLiteral(path, "jsonl"), d);
    const failure = await value.toArray().catch((error: unknown) => error);
    expect(failure).toMatchObject({ code: "large_integer", line: 2, uri: path });
    expect((failure as Error).message).toMatch(
      new RegExp(
        `^task test, input rows: cannot read ${path}: line 2 holds the integer 18446744073709551617 `,
      ),
    );
  });

  it("a Python file read here and written back is read by Python to the same values", async () => {
    const dir = tempDir();
    const source = join(dir, "py.jsonl");
    runPython(
      `${PY_HELPERS}${PY_RECORDS}
with open(sys.argv[1], "w", encoding="utf-8") as f:
    for r in records:
        f.write(json.dumps(r, ensure_ascii=False) + "\\n")
`,
      [source],
    );
    const ctx = testContext();
    const received = await defaultEngine.toValue<JsonLines>(
      ctx,
      blobLiteral(source, "jsonl"),
      t.jsonIterator(),
    );
    const literal = await defaultEngine.toLiteral(ctx, received, t.jsonIterator());
    const written = literal.scalar?.blob?.uri ?? "";

    // JavaScript has one number type: a float with an integral value (3.0, -0.0)
    // comes back as an int, so numbers are compared by value; everything else strictly.
    const verdict = runPython(
      `${PY_HELPERS}${PY_RECORDS}
got = read_lines(sys.argv[1])
bad = [i for i, (g, e) in enumerate(zip(got, records)) if not same(g, e, loose=True)]
print(json.dumps({"count": len(got), "bad": bad, "got": [repr(got[i]) for i in bad]}))
`,
      [written],
    );
    expect(JSON.parse(verdict)).toEqual({ count: 8, bad: [], got: [] });
  });
});
