import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { tempDir } from "../../helpers/context.js";

/**
 * A module-resolution hook that appends every `@aws-sdk/…` specifier a
 * process asks for to a log file. It writes before resolution returns, so
 * by the time an import finishes, its record is on disk.
 */
const hooks = `
import { appendFileSync } from "node:fs";
let log;
export function initialize(data) { log = data.log; }
export async function resolve(specifier, context, next) {
  if (specifier.startsWith("@aws-sdk/")) appendFileSync(log, specifier + "\\n");
  return next(specifier, context);
}
`;

// Run in a fresh process: this test file's own imports must not decide the answer.
const script = `
import { readFileSync, writeFileSync } from "node:fs";
import { register } from "node:module";
const log = process.env.SDK_LOG;
writeFileSync(log, "");
register("data:text/javascript," + encodeURIComponent(${JSON.stringify(hooks)}), { data: { log } });
const seen = () => readFileSync(log, "utf8").split("\\n").filter(Boolean);

const { FileAccess } = await import("./src/index.ts");
await import("./src/types/default-engine.ts");
const files = new FileAccess("s3://bucket/raw");
files.newBlobUri("x.npy");
const afterCore = seen();

await files.backend("s3://bucket/key");
console.log(JSON.stringify({ afterCore, afterFirstS3Uri: [...new Set(seen())].sort() }));
`;

describe("the AWS SDK loads lazily", () => {
  it("is not loaded by importing the core, and is loaded by the first s3:// URI", () => {
    const log = join(tempDir(), "sdk-imports.log");
    const out = execFileSync(
      process.execPath,
      ["--import", "tsx", "--input-type=module", "-e", script],
      {
        encoding: "utf8",
        env: {
          ...process.env,
          SDK_LOG: log,
          AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
        },
      },
    );
    const result = JSON.parse(out) as { afterCore: string[]; afterFirstS3Uri: string[] };
    expect(result.afterCore).toEqual([]);
    expect(result.afterFirstS3Uri).toContain("@aws-sdk/client-s3");
    expect(readFileSync(log, "utf8")).toContain("@aws-sdk/client-s3");
  });
});
