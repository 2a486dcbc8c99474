import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { defineConfig } from "vitest/config";

// One folder for every temporary file of the run, removed at the end by
// test/helpers/temp-root.ts, so `npm test` leaves nothing behind in /tmp.
const testTmp = mkdtempSync(join(tmpdir(), "flytekit-ts-tests-"));
process.env.FLYTEKIT_TS_TEST_TMP = testTmp;

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    globalSetup: ["test/helpers/temp-root.ts"],
    env: { TMPDIR: testTmp },
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Interop tests spawn Python; two workers match the two cores CI has.
    maxWorkers: 2,
  },
});
