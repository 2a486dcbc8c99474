/**
 * Seeded fuzzing of the lazy (mmapMode) opener against the whole-file
 * reader: valid files mutated byte-wise; each case must end in a typed
 * error on both sides, or in the same array from both, read lazily item by
 * item and whole. Set NPY_FUZZ_SEED to replay another run.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { isFlytekitError } from "../../../src/engine/errors.js";
import { encodeNpy, NDArray, openNpy, readNpy } from "../../../src/types/ndarray/index.js";
import { tempDir } from "../../helpers/context.js";
import { craftNpy, headerText } from "./craft.js";

const SEED = Number(process.env.NPY_FUZZ_SEED ?? 515151);
const RUNS = 600;

const BASES: Uint8Array[] = [
  encodeNpy(NDArray.from(new Float64Array([1.5, -2, Number.NaN, 4]))),
  encodeNpy(
    new NDArray({
      dtype: "int16",
      shape: [2, 3],
      order: "F",
      data: Int16Array.of(1, 2, 3, 4, 5, 6),
    }),
  ),
  encodeNpy(NDArray.from(["ab", "😀"])),
  craftNpy(headerText(">u4", "(2,)"), Uint8Array.of(0, 0, 1, 0, 0, 0, 0, 7), 2),
  craftNpy(
    "{'descr': [('a', '>i2'), ('b', '<f4')], 'fortran_order': False, 'shape': (2,), }\n",
    Uint8Array.from({ length: 12 }, (_, i) => i * 11),
  ),
];

const mutation = fc.oneof(
  fc.record({ at: fc.nat(200), value: fc.nat(255) }),
  fc.record({ truncate: fc.nat(200) }),
);

/** What reading gives: the array's facts and items, or a typed error's code. */
async function outcome(
  read: () => Promise<{ dtype: string; shape: readonly number[]; items: unknown }>,
) {
  try {
    return await read();
  } catch (error) {
    if (!isFlytekitError(error)) throw error;
    expect(error.message).toMatch(/^cannot (read|open) /);
    return "error";
  }
}

describe(`fuzzing the mmapMode opener (seed ${SEED})`, () => {
  it(`agrees with the whole-file reader on ${RUNS} mutated files`, async () => {
    const dir = tempDir("npy-mapped-fuzz-");
    let accepted = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.nat(BASES.length - 1),
        fc.array(mutation, { minLength: 1, maxLength: 3 }),
        async (base, mutations) => {
          let bytes = Buffer.from(BASES[base]!);
          for (const m of mutations) {
            if ("truncate" in m) bytes = bytes.subarray(0, m.truncate);
            else if (m.at < bytes.length) bytes[m.at] = m.value;
          }
          const path = join(dir, "case.npy");
          writeFileSync(path, bytes);
          const whole = await outcome(async () => {
            const a = readNpy(bytes, { source: path });
            return { dtype: a.dtype, shape: a.shape, items: a.toNested() };
          });
          const lazy = await outcome(async () => {
            const m = await openNpy(path);
            try {
              const first = m.size > 0 ? await m.get(...m.shape.map(() => 0)) : undefined;
              const a = await m.toNDArray();
              if (m.size > 0) expect(first).toEqual(a.get(...m.shape.map(() => 0)));
              return { dtype: m.dtype, shape: m.shape, items: a.toNested() };
            } finally {
              await m.close();
            }
          });
          expect(lazy).toEqual(whole);
          if (whole !== "error") accepted++;
        },
      ),
      { seed: SEED, numRuns: RUNS },
    );
    expect(accepted).toBeGreaterThan(50);
  });
});
