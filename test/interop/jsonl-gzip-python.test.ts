/**
 * gzip JSON Lines between flytekit-ts and Python: a `.jsonl.gz` written
 * here is opened by Python's `gzip.open` and read line by line with
 * `json.loads`; one written by Python's `gzip.open` reads here to the
 * values Python reports.
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

describe.skipIf(!hasPython)("gzip JSON Lines with Python's gzip and json", () => {
  it("a .jsonl.gz written here is read by gzip.open + json.loads to Python's records", async () => {
    const dir = tempDir();
    const source = join(dir, "py.jsonl");
    runPython(
      `${PY_HELPERS}${PY_RECORDS}
with open(sys.argv[1], "w", encoding="utf-8") as f:
    for r in records:
        f.write(json.dumps(r) + "\\n")
`,
      [source],
    );
    const ctx = testContext();
    const received = await defaultEngine.toValue<JsonLines>(
      ctx,
      blobLiteral(source, "jsonl"),
      t.jsonIterator(),
    );
    const literal = await defaultEngine.toLiteral(
      ctx,
      received,
      t.jsonIterator({ compression: "gzip" }),
    );
    const written = literal.scalar?.blob?.uri ?? "";
    expect(written.endsWith("/data.jsonl.gz")).toBe(true);

    // Integral floats (3.0, -0.0) come back as ints, so numbers compare by value.
    const verdict = runPython(
      `${PY_HELPERS}${PY_RECORDS}
import gzip
with gzip.open(sys.argv[1], "rt", encoding="utf-8", newline="") as f:
    text = f.read()
assert text.endswith("\\n") and "\\r" not in text
got = [json.loads(line) for line in text[:-1].split("\\n")]
bad = [i for i, (g, e) in enumerate(zip(got, records)) if not same(g, e, loose=True)]
print(json.dumps({"count": len(got), "bad": bad, "got": [repr(got[i]) for i in bad]}))
`,
      [written],
    );
    expect(JSON.parse(verdict)).toEqual({ count: 8, bad: [], got: [] });
  });

  it("a file written by Python's gzip.open reads here, whatever its name", async () => {
    const path = join(tempDir(), "records.json");
    const tagged = runPython(
      `${PY_HELPERS}${PY_RECORDS}
import gzip
with gzip.open(sys.argv[1], "wt", encoding="utf-8") as f:
    for r in records:
        f.write(json.dumps(r, ensure_ascii=False) + "\\n")
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
  });
});
