/**
 * CRC-32 (PNG chunks) and Adler-32 (the zlib trailer) against Python's zlib,
 * on seeded bytes of lengths around the loops' steps, whole and continued.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { crc32, crc32Portable } from "../../../../src/types/image/png-crc.js";
import { adler32 } from "../../../../src/types/image/png-writer/adler32.js";
import { simdAdler32 } from "../../../../src/types/image/png-writer/wasm/simd-filter.js";
import { tempDir } from "../../../helpers/context.js";
import { hasPython, pythonJson } from "../../../helpers/python.js";
import { seeded } from "../helpers.js";

// Around the steps of the loops: 8 (CRC), 16 and 1024 (SIMD Adler-32), 5552 (JavaScript Adler-32).
const lengths = [
  0, 1, 7, 8, 9, 15, 16, 17, 1000, 1023, 1024, 1025, 2064, 5551, 5552, 5553, 100_003,
];

function bytesOf(length: number, seed: number): Uint8Array {
  const random = seeded(seed);
  return Uint8Array.from({ length }, () => Math.floor(random() * 256));
}

const cases = lengths.map((length, i) => bytesOf(length, i));
// All 0xFF makes the sums grow fastest: the worst case for Adler-32's deferred modulo.
cases.push(new Uint8Array(300_000).fill(0xff));

const SCRIPT = `
import json, sys, zlib
out = []
for hexed in json.load(open(sys.argv[1])):
    data = bytes.fromhex(hexed)
    out.append([zlib.crc32(data), zlib.adler32(data)])
print(json.dumps(out))
`;

function pythonChecksums(all: readonly Uint8Array[]): [number, number][] {
  const path = join(tempDir(), "cases.json");
  writeFileSync(path, JSON.stringify(all.map((b) => Buffer.from(b).toString("hex"))));
  return pythonJson<[number, number][]>(SCRIPT, [path]);
}

describe.skipIf(!hasPython)("checksums match Python's zlib", () => {
  const expected = hasPython ? pythonChecksums(cases) : [];

  cases.forEach((bytes, i) => {
    it(`${bytes.length} bytes`, () => {
      const [crc, adler] = expected[i]!;
      expect(crc32(bytes)).toBe(crc);
      expect(crc32Portable(bytes)).toBe(crc);
      expect(adler32(bytes)).toBe(adler);
      expect(simdAdler32(bytes)).toBe(adler);
      // Continued from a first part, as chunks and pieces are.
      const cut = Math.floor(bytes.length / 3);
      const [head, tail] = [bytes.subarray(0, cut), bytes.subarray(cut)];
      expect(crc32(tail, crc32(head))).toBe(crc);
      expect(crc32Portable(tail, crc32Portable(head))).toBe(crc);
      expect(adler32(tail, adler32(head))).toBe(adler);
      expect(simdAdler32(tail, simdAdler32(head))).toBe(adler);
    });
  });
});
