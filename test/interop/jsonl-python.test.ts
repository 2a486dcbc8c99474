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
import { untag } from "../types/json-iterator/tagged.js";

/** Python helpers: a strict comparison (types, NaN, the sign of zero) and the fixtures' tagging. */
const PY_HELPERS = String.raw`
import json, math, sys

def same(a, b, loose=False):
    """Equal values of the same type; loose lets an int equal a float of the same value."""
    kinds = {type(a), type(b)}
    if loose and kinds <= {int, float} and float in kinds:
        if any(isinstance(x, float) and math.isnan(x) for x in (a, b)):
            return kinds == {float} and math.isnan(a) and math.isnan(b)
        return a == b
    if isinstance(a, float) and isinstance(b, float):
        if math.isnan(a) or math.isnan(b):
            return math.isnan(a) and math.isnan(b)
        return a == b and math.copysign(1, a) == math.copysign(1, b)
    if type(a) is not type(b):
        return False
    if isinstance(a, list):
        return len(a) == len(b) and all(same(x, y, loose) for x, y in zip(a, b))
    if isinstance(a, dict):
        return list(a) == list(b) and all(same(a[k], b[k], loose) for k in a)
    return a == b

def tag(v):
    if v is None or isinstance(v, (bool, str)):
        return v
    if isinstance(v, int):
        return v if abs(v) <= 2**53 - 1 else {"$int": str(v)}
    if isinstance(v, float):
        if math.isnan(v):
            return {"$float": "nan"}
        if math.isinf(v):
            return {"$float": "inf" if v > 0 else "-inf"}
        if v == 0 and math.copysign(1, v) < 0:
            return {"$float": "-0.0"}
        return v
    if isinstance(v, list):
        return [tag(x) for x in v]
    return {k: tag(x) for k, x in v.items()}

def read_lines(path):
    """json.loads on each LF-separated line of the raw bytes, as the JSON Lines spec reads."""
    data = open(path, "rb").read()
    assert not data.startswith(b"\xef\xbb\xbf"), "file starts with a BOM"
    assert data.endswith(b"\n"), "file does not end with a newline"
    assert b"\r" not in data, "file holds a CR"
    return [json.loads(line.decode("utf-8")) for line in data[:-1].split(b"\n")]
`;

/** The records Python writes, also used for the round trip. */
const PY_RECORDS = String.raw`
records = [
    {"x": float("nan"), "y": float("inf"), "z": float("-inf"), "negzero": -0.0},
    {"big": 2**64 + 1, "neg": -(2**63), "max_safe": 2**53 - 1, "just_over": 2**53 + 1, "huge": 10**30},
    {"text": "h\u00e9llo \u4e16\u754c \U0001F389 \u2028 \x7f \"q\" \\", "nested": {"a": [1, 2.5, [None, True, False]], "b": {}}},
    [0.1 + 0.2, 1e300, 5e-324, -1.5e-10, 1e16, 123456789.123456789, 3.0],
    "top-level string",
    42,
    None,
    [],
]
`;

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
