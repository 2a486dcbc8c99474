/**
 * The JSON Lines cases from public bug reports (C21 BOM, C22 Python's NaN and
 * Infinity, C24 blank lines, C27 line terminators) and flytekit's own test
 * data, read as the cases' expected.json says they must be.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { FileAccess } from "../../../src/storage/files.js";
import { JsonLinesError, readJsonLines } from "../../../src/types/json-iterator/index.js";
import { tempDir } from "../../helpers/context.js";
import { untag } from "./tagged.js";

const FIXTURES = join(import.meta.dirname, "../../fixtures/jsonl");
const files = new FileAccess(join(tempDir(), "raw"));

interface CaseFile {
  readonly expect: "value" | "error";
  readonly records?: unknown[];
  readonly error_kind?: string;
  readonly error_line?: number;
  readonly with_skip_empty?: { readonly expect: "value"; readonly records: unknown[] };
}

async function readError(promise: Promise<unknown>): Promise<JsonLinesError> {
  const error = await promise.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(JsonLinesError);
  return error as JsonLinesError;
}

for (const id of ["C21", "C22", "C24", "C27"]) {
  const folder = join(FIXTURES, id);
  const expected = JSON.parse(readFileSync(join(folder, "expected.json"), "utf8")) as {
    files: Record<string, CaseFile>;
  };

  describe(`case ${id}`, () => {
    it("covers every .jsonl file of the case", () => {
      const onDisk = readdirSync(folder).filter((name) => name.endsWith(".jsonl"));
      expect(Object.keys(expected.files).sort()).toEqual(onDisk.sort());
    });

    for (const [name, spec] of Object.entries(expected.files)) {
      const path = join(folder, name);

      if (spec.expect === "value") {
        it(`${name}: reads the expected records`, async () => {
          const records = await readJsonLines(files, path).toArray();
          expect(records).toEqual(untag(spec.records));
        });
      } else {
        it(`${name}: fails with ${spec.error_kind} on line ${spec.error_line}`, async () => {
          const error = await readError(readJsonLines(files, path).toArray());
          expect(error.code).toBe(spec.error_kind);
          expect(error.line).toBe(spec.error_line);
          expect(error.message).toContain(path);
          expect(error.message).toContain(`line ${spec.error_line}`);
        });
      }

      const skipEmpty = spec.with_skip_empty;
      if (skipEmpty) {
        it(`${name}: with skipBlankLines reads the expected records`, async () => {
          const records = await readJsonLines(files, path, { skipBlankLines: true }).toArray();
          expect(records).toEqual(untag(skipEmpty.records));
        });
      }
    }
  });
}

describe("flytekit's JSON-iterator test data", () => {
  it("reads its three records", async () => {
    const records = await readJsonLines(files, join(FIXTURES, "flytekit-data.jsonl")).toArray();
    expect(records).toEqual([
      { file_name: "0000.png", text: "One chinhuahua" },
      { file_name: "0001.png", text: "A german shepherd" },
      { file_name: "0002.png", text: "This is a golden retriever playing with a ball" },
    ]);
  });
});
