import { describe, expect, it } from "vitest";
import { parseRunArgs } from "../../src/cli/args.js";

describe("parseRunArgs", () => {
  it("splits our flags from the task's inputs, in either value form", () => {
    expect(
      parseRunArgs(["f.ts", "wf", "--n", "-3", "--name=a b", "--json", "--data-dir", "d"]),
    ).toEqual({
      file: "f.ts",
      target: "wf",
      json: true,
      dataDir: "d",
      inputs: { n: "-3", name: "a b" },
    });
  });

  it("takes input names that Object.prototype also has as plain names", () => {
    expect(parseRunArgs(["f.ts", "t", "--constructor", "bob", "--toString", "x"]).inputs).toEqual({
      constructor: "bob",
      toString: "x",
    });
  });

  it("refuses a repeated input, a missing value and stray words", () => {
    expect(() => parseRunArgs(["f.ts", "t", "--a", "1", "--a", "2"])).toThrow("--a given twice");
    expect(() => parseRunArgs(["f.ts", "t", "--a"])).toThrow("missing a value after --a");
    expect(() => parseRunArgs(["f.ts", "t", "extra"])).toThrow('unexpected argument "extra"');
    expect(() => parseRunArgs(["f.ts"])).toThrow(/expected: flytekit-ts run/);
  });
});
