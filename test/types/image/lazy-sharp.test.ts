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
const { describeImage, imageTransformer } = await import("./src/types/image/index.ts");
let written;
await imageTransformer.toLiteral(
  { files: { newBlobUri: () => "x", writeBytes: async (_uri, bytes) => { written = bytes; } } },
  { data: new Uint8Array(1), width: 1, height: 1, channels: 1 },
  t.image(),
);
const afterRawPixels = loaded();
await describeImage(written);
console.log(JSON.stringify({ afterCore, afterRawPixels, afterReading: loaded() }));
`;

describe("sharp loads lazily", () => {
  it("is loaded neither by importing the core nor by writing raw pixels, but by reading an image", () => {
    const out = execFileSync(
      process.execPath,
      ["--import", "tsx", "--input-type=module", "-e", script],
      { encoding: "utf8" },
    );
    expect(JSON.parse(out)).toEqual({
      afterCore: false,
      afterRawPixels: false,
      afterReading: true,
    });
  });
});
