/**
 * Seeded fuzzing of the .npy reader: valid files (several dtypes, orders,
 * versions, an object array) mutated byte-wise and header-wise. Every case
 * must end in a FlytekitError with a code, or in an array that is internally
 * consistent and survives a write/read round trip; accepted files are then
 * checked against NumPy, which must load the same values.
 * Set NPY_FUZZ_SEED to replay another run.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { isFlytekitError } from "../../../src/engine/errors.js";
import { encodeNpy, NDArray, readNpy } from "../../../src/types/ndarray/index.js";
import { tempDir } from "../../helpers/context.js";
import { hasNumpy, runPython } from "../../helpers/python.js";
import { craftNpy, headerText, objectArray } from "./craft.js";
import { cOrderLittleEndianSha256 } from "./expected-values.js";

const SEED = Number(process.env.NPY_FUZZ_SEED ?? 424242);
const RUNS = 10_000;
const CASES = join(import.meta.dirname, "../../fixtures/npy/cases");

const BASES: Uint8Array[] = [
  encodeNpy(NDArray.from(new Float64Array([1.5, -2, Number.NaN]))),
  encodeNpy(
    new NDArray({
      dtype: "int16",
      shape: [2, 3],
      order: "F",
      data: new Int16Array([1, 2, 3, 4, 5, 6]),
    }),
  ),
  encodeNpy(NDArray.from(["ab", "😀"])),
  encodeNpy(new NDArray({ dtype: "S3", shape: [2], data: ["x", "yz"] })),
  encodeNpy(new NDArray({ dtype: "bool", shape: [], data: Uint8Array.of(1) })),
  encodeNpy(NDArray.zeros("complex64", [1, 2])),
  craftNpy(headerText(">u4", "(2L,)"), Uint8Array.of(0, 0, 1, 0, 0, 0, 0, 7), 2),
  craftNpy(headerText("<M8[ns]", "(1,)"), new Uint8Array(8), 3),
  new Uint8Array(readFileSync(join(CASES, "C06/void_V3.npy"))),
  new Uint8Array(readFileSync(join(CASES, "C04/fortran_f8_2x3x4.npy"))),
  new Uint8Array(
    readFileSync(join(import.meta.dirname, "../../fixtures/npy/numpy-objarr/py3-objarr.npy")),
  ),
  craftNpy(
    "{'descr': [('a', '>i2'), ('', '|V1'), ('b', [('c', '<u1'), ('d', '>f4', (2,))]), ('e', '|S2')], 'fortran_order': False, 'shape': (2,), }\n",
    Uint8Array.from({ length: 28 }, (_, i) => i * 7),
  ),
  // An object array the restricted unpickler accepts: None, -2, 2**64, "é".
  craftNpy(
    headerText("|O", "(4,)"),
    objectArray(4, [
      "N",
      [0x4a, 0xfe, 0xff, 0xff, 0xff],
      [0x8a, 9, 0, 0, 0, 0, 0, 0, 0, 0, 1],
      [0x58, 2, 0, 0, 0, 0xc3, 0xa9],
    ]),
  ),
];

const TOKENS = [
  "True",
  "False",
  "None",
  "(",
  ")",
  ",",
  ":",
  "{",
  "}",
  "[",
  "]",
  "'",
  '"',
  "\\",
  "L",
  "-1",
  "0",
  "99999999999999999999",
  "'<f8'",
  "'>i4'",
  "'|O'",
  "'<U99999'",
  "'|S0'",
  "'descr'",
  "'shape'",
  "'fortran_order'",
  "(0,)",
  "()",
  "((((",
  "\n",
  " ",
  "é",
];

type Mutation =
  | { kind: "set"; at: number; value: number }
  | { kind: "truncate"; at: number }
  | { kind: "insert"; at: number; bytes: number[] }
  | { kind: "delete"; at: number; length: number }
  | { kind: "token"; at: number; token: string; replace: number }
  | { kind: "length"; value: number };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant("set" as const), at: fc.nat(400), value: fc.nat(255) }),
  fc.record({ kind: fc.constant("truncate" as const), at: fc.nat(400) }),
  fc.record({
    kind: fc.constant("insert" as const),
    at: fc.nat(400),
    bytes: fc.array(fc.nat(255), { maxLength: 8 }),
  }),
  fc.record({
    kind: fc.constant("delete" as const),
    at: fc.nat(400),
    length: fc.integer({ min: 1, max: 16 }),
  }),
  fc.record({
    kind: fc.constant("token" as const),
    at: fc.integer({ min: 10, max: 120 }),
    token: fc.constantFrom(...TOKENS),
    replace: fc.nat(6),
  }),
  fc.record({ kind: fc.constant("length" as const), value: fc.nat(0xffff) }),
);

function mutate(base: Uint8Array, mutations: readonly Mutation[]): Uint8Array {
  let bytes = Buffer.from(base);
  for (const m of mutations) {
    const at = "at" in m ? Math.min(m.at, bytes.length) : 0;
    if (m.kind === "set" && at < bytes.length) bytes[at] = m.value;
    else if (m.kind === "truncate") bytes = bytes.subarray(0, at);
    else if (m.kind === "insert")
      bytes = Buffer.concat([bytes.subarray(0, at), Buffer.from(m.bytes), bytes.subarray(at)]);
    else if (m.kind === "delete")
      bytes = Buffer.concat([bytes.subarray(0, at), bytes.subarray(at + m.length)]);
    else if (m.kind === "token") {
      const token = Buffer.from(m.token, "latin1");
      bytes = Buffer.concat([
        bytes.subarray(0, at),
        token,
        bytes.subarray(Math.min(bytes.length, at + m.replace)),
      ]);
    } else if (m.kind === "length" && bytes.length >= 10) bytes.writeUInt16LE(m.value, 8);
  }
  return new Uint8Array(bytes);
}

describe(`fuzzing the .npy reader (seed ${SEED})`, () => {
  const accepted = new Map<
    string,
    { bytes: Uint8Array; sha: string; dtype: string; shape: number[] }
  >();
  const codes = new Map<string, number>();

  it(`ends ${RUNS} mutated files in a typed error or a consistent array`, () => {
    fc.assert(
      fc.property(
        fc.nat(BASES.length - 1),
        fc.array(mutation, { minLength: 1, maxLength: 4 }),
        fc.boolean(),
        (base, mutations, allowPickle) => {
          const bytes = mutate(BASES[base]!, mutations);
          let array: NDArray;
          try {
            array = readNpy(bytes, { source: "fuzz.npy", allowPickle });
          } catch (error) {
            if (!isFlytekitError(error)) throw error;
            expect(error.message).toMatch(/^cannot read fuzz\.npy: /);
            codes.set(error.code, (codes.get(error.code) ?? 0) + 1);
            return;
          }
          expect(array.shape.reduce((a, b) => a * b, 1)).toBe(array.size);
          if (array.dtype === "object") return;
          const again = readNpy(encodeNpy(array));
          expect(again.dtype).toBe(array.dtype);
          expect(again.toNested()).toEqual(array.toNested());
          const key = Buffer.from(bytes).toString("hex");
          if (accepted.size < 300 && !accepted.has(key)) {
            const sha = cOrderLittleEndianSha256(array);
            accepted.set(key, { bytes, sha, dtype: array.dtype, shape: [...array.shape] });
          }
        },
      ),
      { seed: SEED, numRuns: RUNS },
    );
    // The mutations must reach deep, not just break the magic string.
    for (const code of [
      "not_npy",
      "truncated_header",
      "invalid_header",
      "unsupported_dtype",
      "truncated_data",
    ]) {
      expect(codes.get(code) ?? 0, code).toBeGreaterThan(5);
    }
    expect(accepted.size).toBeGreaterThan(50);
  });

  it.skipIf(!hasNumpy)("reads every accepted mutant as NumPy does", () => {
    const dir = tempDir("npy-fuzz-");
    const entries = [...accepted.values()].map((entry, i) => {
      writeFileSync(join(dir, `${i}.npy`), entry.bytes);
      return { name: `${i}.npy`, sha: entry.sha, shape: entry.shape };
    });
    writeFileSync(join(dir, "manifest.json"), JSON.stringify(entries));
    const script = `
import hashlib, json, os, sys, warnings
import numpy as np
from numpy.lib.recfunctions import repack_fields
warnings.simplefilter("ignore")
d = sys.argv[1]
out = []
for e in json.load(open(os.path.join(d, "manifest.json"))):
    try:
        a = np.load(os.path.join(d, e["name"]))
    except Exception as exc:
        out.append({"name": e["name"], "numpy": "refused: " + repr(exc)[:200]})
        continue
    le = np.ascontiguousarray(a).astype(a.dtype.newbyteorder("<"))
    if le.dtype.names is not None:
        le = repack_fields(le, recurse=True)  # padding is not data
    b = le.tobytes()
    if list(a.shape) != e["shape"] or hashlib.sha256(b).hexdigest() != e["sha"]:
        out.append({"name": e["name"], "numpy": f"differs: {a.dtype.str} {a.shape}"})
print(json.dumps(out))
`;
    const disagreements = JSON.parse(runPython(script, [dir])) as { name: string; numpy: string }[];
    expect(disagreements).toEqual([]);
  });
});
