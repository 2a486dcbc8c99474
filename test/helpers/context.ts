import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TransformContext } from "../../src/engine/context.js";
import { silentLogger } from "../../src/engine/logger.js";
import { FileAccess } from "../../src/storage/files.js";
import { defaultEngine } from "../../src/types/default-engine.js";

/** A fresh temporary folder for one test. */
export function tempDir(prefix = "flytekit-ts-test-"): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** A transform context whose raw outputs go to a fresh temporary folder. */
export function testContext(overrides: Partial<TransformContext> = {}): TransformContext {
  return {
    files: new FileAccess(join(tempDir(), "raw")),
    engine: defaultEngine,
    logger: silentLogger,
    task: "test",
    variable: "input x",
    ...overrides,
  };
}
