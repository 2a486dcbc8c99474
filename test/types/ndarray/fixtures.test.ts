/**
 * Every .npy fixture written by NumPy (and the hand-made broken ones) reads
 * to the values, dtype, shape and order its expected.json records, or fails
 * with the error kind it records.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { isFlytekitError } from "../../../src/engine/errors.js";
import { readNpy, readNpyFile } from "../../../src/types/ndarray/index.js";
import { cOrderLittleEndianSha256, decodeExpected } from "./expected-values.js";

const FIXTURES = join(import.meta.dirname, "../../fixtures/npy");
const CASES = join(FIXTURES, "cases");

interface ExpectedFile {
  expect: "value" | "error";
  error_kind?: string;
  dtype?: string;
  shape?: number[];
  fortran_order?: boolean;
  values?: unknown;
  data_sha256_c_order_le?: string;
}

/** NumPy's dtype name for fixtures that record a byte-ordered descr (`>f8`) instead. */
function dtypeName(recorded: string): string {
  const match = /^[<>|]([a-zA-Z])(\d+)$/.exec(recorded);
  if (!match) return recorded;
  const [, code, size] = match;
  if (code === "S" || code === "U" || code === "V") return `${code}${size}`;
  const names: Record<string, string> = { f: "float", i: "int", u: "uint", c: "complex" };
  return `${names[code!]}${Number(size) * 8}`;
}

const cases = readdirSync(CASES).sort();

describe.each(cases)("fixture case %s", (caseId) => {
  const dir = join(CASES, caseId);
  const expected = JSON.parse(readFileSync(join(dir, "expected.json"), "utf8")) as {
    files: Record<string, ExpectedFile>;
  };

  it.each(Object.entries(expected.files))("%s", async (name, want) => {
    const path = join(dir, name);
    const bytes = readFileSync(path);
    if (want.expect === "error") {
      for (const attempt of [
        () => readNpyFile(path),
        async () => readNpy(bytes, { source: name }),
      ]) {
        const error = await attempt().then(
          () => undefined,
          (e: unknown) => e,
        );
        expect(isFlytekitError(error), `${name} should fail`).toBe(true);
        expect((error as { code: string }).code).toBe(want.error_kind);
        expect((error as Error).message).toMatch(new RegExp(`^cannot read .*${name}: `));
      }
      return;
    }

    for (const array of [await readNpyFile(path), readNpy(bytes, { source: name })]) {
      const dtype = dtypeName(want.dtype!);
      expect(array.dtype).toBe(dtype);
      expect(array.shape).toEqual(want.shape);
      expect(array.order).toBe(want.fortran_order ? "F" : "C");
      expect(array.toNested()).toEqual(decodeExpected(want.values, dtype));
      expect(cOrderLittleEndianSha256(array)).toBe(want.data_sha256_c_order_le);
    }
  });
});

describe("NumPy's own test files", () => {
  it.each(["python3.npy", "win64python2.npy"])("%s reads as float64 [1, 1]", async (name) => {
    const array = await readNpyFile(join(FIXTURES, name));
    expect(array.dtype).toBe("float64");
    expect(array.shape).toEqual([2]);
    expect([...(array.data as Float64Array)]).toEqual([1, 1]);
  });
});
