/**
 * A zlib stream deflated in pieces is one valid stream: Python's zlib
 * inflates it to the original bytes, checking its Adler-32, for any number
 * of pieces, pieces shorter than the 32 KiB window, and every level.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  deflateAsPieces,
  pieceCount,
  type ZlibParts,
} from "../../../../src/types/image/png-writer/zlib-pieces.js";
import { tempDir } from "../../../helpers/context.js";
import { hasPython, pythonJson } from "../../../helpers/python.js";
import { seeded } from "../helpers.js";

/** Seeded bytes that compress: runs and repeats, with some noise. */
function compressible(length: number, seed: number): Uint8Array {
  const random = seeded(seed);
  const out = new Uint8Array(length);
  for (let i = 0; i < length; i++) {
    out[i] = random() < 0.7 && i >= 100 ? out[i - 1 - Math.floor(random() * 99)]! : random() * 256;
  }
  return out;
}

const SCRIPT = `
import json, sys, zlib
out = []
for c in json.load(open(sys.argv[1])):
    stream, original = open(c['stream'], 'rb').read(), open(c['original'], 'rb').read()
    inflater = zlib.decompressobj()
    data = inflater.decompress(stream)
    out.append({'equal': data == original, 'complete': inflater.eof and inflater.unused_data == b''})
print(json.dumps(out))
`;

function inflateInPython(cases: ReadonlyArray<{ parts: ZlibParts; original: Uint8Array }>) {
  const dir = tempDir();
  const spec = cases.map(({ parts, original }, i) => {
    const stream = join(dir, `${i}.zlib`);
    const path = join(dir, `${i}.bin`);
    writeFileSync(stream, Buffer.concat(parts.parts));
    writeFileSync(path, original);
    return { stream, original: path };
  });
  const specPath = join(dir, "cases.json");
  writeFileSync(specPath, JSON.stringify(spec));
  return pythonJson<{ equal: boolean; complete: boolean }[]>(SCRIPT, [specPath]);
}

describe.skipIf(!hasPython)("deflating in pieces", async () => {
  const counts = [1, 2, 3, 7];
  const sizes = [1, 1000, 50_000, 300_001];
  const levels = [0, 1, 6, 9];
  const cases: { label: string; parts: ZlibParts; original: Uint8Array }[] = [];
  for (const [i, size] of sizes.entries()) {
    const original = compressible(size, i);
    for (const count of counts.filter((c) => c <= size)) {
      for (const level of levels) {
        const parts = await deflateAsPieces(original, level, count);
        cases.push({ label: `${size} bytes, ${count} piece(s), level ${level}`, parts, original });
      }
    }
  }
  const results = hasPython ? inflateInPython(cases) : [];

  cases.forEach(({ label, parts }, i) => {
    it(`${label}: one complete stream of the original bytes`, () => {
      expect(results[i]).toEqual({ equal: true, complete: true });
      expect(parts.length).toBe(parts.parts.reduce((n, part) => n + part.length, 0));
    });
  });

  it("costs little to split with a dictionary", async () => {
    const original = compressible(300_001, 9);
    const whole = await deflateAsPieces(original, 6, 1);
    const split = await deflateAsPieces(original, 6, 7);
    // Six splits, each a flush marker and a new block header.
    expect(split.length - whole.length).toBeLessThan(6 * 400);
  });
});

describe("how many pieces", () => {
  it("keeps small or very compressible data in one piece", () => {
    expect(pieceCount(1000, 1000)).toBe(1);
    expect(pieceCount(100 * 1024 * 1024, 20_000)).toBe(1);
  });

  it("splits large data that will stay large, at least in two", () => {
    expect(pieceCount(12 * 1024 * 1024, 8 * 1024 * 1024)).toBeGreaterThanOrEqual(2);
    expect(pieceCount(12 * 1024 * 1024, 8 * 1024 * 1024)).toBeLessThanOrEqual(8);
  });
});
