import { execFileSync } from "node:child_process";
import { describe, expect, it } from "vitest";

// Run in a fresh process: this test file's own imports must not decide the answer.
const script = `
const loaded = () => process.report.getReport().sharedObjects.some((s) => /vips|sharp/.test(s));
await import("./src/index.ts");
await import("./src/types/default-engine.ts");
const { t } = await import("./src/types/t.ts");
t.image();
const afterCore = loaded();
const { imageTransformer } = await import("./src/types/image/index.ts");
await imageTransformer.toLiteral(
  { files: { newBlobUri: () => "x", writeBytes: async () => {} } },
  { data: new Uint8Array(1), width: 1, height: 1, channels: 1 },
  t.image(),
);
console.log(JSON.stringify({ afterCore, afterFirstImage: loaded() }));
`;

describe("sharp loads lazily", () => {
  it("is not loaded by importing the core, and is loaded by the first image conversion", () => {
    const out = execFileSync(
      process.execPath,
      ["--import", "tsx", "--input-type=module", "-e", script],
      { encoding: "utf8" },
    );
    expect(JSON.parse(out)).toEqual({ afterCore: false, afterFirstImage: true });
  });
});
