/**
 * Thousands of records of changing shapes written by Python's `json`, read
 * here (mostly by the fast parser, the rest by the exact one) to exactly the
 * values Python's `json.loads` reports for each line.
 */
import { describe, expect, it } from "vitest";
import { readJsonLines } from "../../../src/types/json-iterator/index.js";
import { hasPython, runPython } from "../../helpers/python.js";
import { difference } from "./exact-value.js";
import { MemoryBackend, memoryFiles } from "./memory-backend.js";
import { PY_HELPERS } from "./python-snippets.js";
import { untag } from "./tagged.js";

const URI = "mem://raw/abc/data.jsonl";

/** Writes the records (seeded) and prints the file, then Python's tagged reading of each line. */
const PYTHON = String.raw`
import random
random.seed(20)
words = ["plain", "caf\u00e9", "\u4e16\u754c", "\U0001F389", 'q"uote', "back\\slash", "tab\tnew\nline",
         "\u2028", "\x7f", "", "x" * 40, "\u00fc" * 30]

def record(i):
    kind = i % 7
    if kind == 0:
        return {"id": i, "name": random.choice(words), "score": random.uniform(-1e6, 1e6), "ok": i % 2 == 0}
    if kind == 1:
        r = {"id": i, "name": random.choice(words), "tags": random.sample(words, random.randint(0, 4))}
        if i % 3 == 0:
            r["extra"] = {"at": random.randint(0, 10**15), "neg": -0.0}
        return r
    if kind == 2:
        return {"id": i, "n": random.choice([float("nan"), float("inf"), 1e-7, 5e-324, 1.5e300, 0.1, -0.0, 2**53 + 1, -(2**63), 10**15, 1234567890123456])}
    if kind == 3:
        return [i, random.choice(words), None, [True, False], {"k\u00e9y": i}]
    if kind == 4:
        return {"events": [{"t": random.randint(0, 10**12), "kind": random.choice(["a", "b"])} for _ in range(random.randint(0, 3))]}
    if kind == 5:
        return random.choice([i, -i / 7, random.choice(words), None, True, {}, []])
    return {"user": {"id": i, "geo": {"lat": random.uniform(-90, 90), "lon": random.uniform(-180, 180)}}, "payload": "p" * random.randint(0, 300)}

lines = []
for i in range(6000):
    r = record(i)
    if i % 4 == 0:
        lines.append(json.dumps(r, ensure_ascii=False))
    elif i % 4 == 1:
        lines.append(json.dumps(r, separators=(",", ":")))
    else:
        lines.append(json.dumps(r))
text = "\n".join(lines) + "\n"
decoded = [tag(json.loads(line)) for line in lines]
sys.stdout.write(json.dumps({"text": text, "decoded": decoded}))
`;

describe.skipIf(!hasPython)("records written by Python's json", () => {
  it("read to exactly the values json.loads gives, across chunks of every size", async () => {
    const { text, decoded } = JSON.parse(runPython(`${PY_HELPERS}${PYTHON}`)) as {
      text: string;
      decoded: unknown[];
    };
    const expected = decoded.map(untag);
    for (const chunkBytes of [1 << 20, 4096, 61]) {
      const backend = new MemoryBackend({ chunkBytes });
      backend.objects.set(URI, Buffer.from(text));
      const records = await readJsonLines(memoryFiles(backend), URI).toArray();
      expect(records).toHaveLength(expected.length);
      records.forEach((record, index) => {
        expect(difference(record, expected[index]), `line ${index + 1}`).toBeUndefined();
      });
    }
  });
});
