import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";
import { tempDir } from "../helpers/context.js";
import { hasNumpy, runPython } from "../helpers/python.js";

let dataDir: string;
beforeAll(() => {
  dataDir = tempDir();
});

function run(file: string, target: string, inputs: string[]): Record<string, unknown> {
  const result = runCli([
    "run",
    `examples/${file}`,
    target,
    ...inputs,
    "--json",
    "--data-dir",
    dataDir,
  ]);
  expect(result.stderr).toBe("");
  expect(result.status).toBe(0);
  return JSON.parse(result.stdout) as Record<string, unknown>;
}

describe("the bundled examples", () => {
  it("integer sequence sums 1..n", () => {
    expect(run("integer-sequence.ts", "sequenceSum", ["--n", "100"])).toEqual({ o0: 5050 });
  });

  it("user records counts every streamed record", () => {
    // Every third user is inactive: 10000 - floor(10000 / 3).
    expect(run("user-records.ts", "userCount", ["--n", "10000"])).toEqual({
      total: 10000,
      active: 6667,
    });
  });

  it("image dimensions reads back the drawn size", () => {
    expect(
      run("image-dimensions.ts", "imageDimensions", ["--width", "321", "--height", "123"]),
    ).toEqual({
      width: 321,
      height: 123,
    });
  });

  it.skipIf(!hasNumpy)("array sum agrees with NumPy summing the same array", () => {
    const array = run("array-sum.ts", "randomArray", ["--size", "5000", "--seed", "7"]).o0 as {
      uri: string;
    };
    const numpySum = Number(
      runPython("import numpy as np, sys\nprint(repr(float(np.load(sys.argv[1]).sum())))", [
        array.uri,
      ]),
    );
    const ours = run("array-sum.ts", "sumArray", ["--arr", array.uri]).o0 as number;
    expect(ours).toBeCloseTo(numpySum, 9);
    expect(run("array-sum.ts", "arraySum", ["--size", "5000", "--seed", "7"]).o0).toBe(ours);
  });

  it.skipIf(!hasNumpy)(
    "the main job summarises the real files as NumPy and Python see them",
    () => {
      const data = "examples/data";
      const out = run("real-files.ts", "summarize", [
        "--array",
        join(data, "measurements.npy"),
        "--image",
        join(data, "scipy-rgb.png"),
        "--records",
        join(data, "flytekit-data.jsonl"),
      ]);
      const expected = JSON.parse(
        runPython(
          "import numpy as np, json, sys\na = np.load(sys.argv[1])\n" +
            "caps = [json.loads(l)['text'] for l in open(sys.argv[2])]\n" +
            "print(json.dumps({'shape': list(a.shape), 'mean': float(a.mean()), 'captions': caps}))",
          [join(data, "measurements.npy"), join(data, "flytekit-data.jsonl")],
        ),
      ) as { shape: number[]; mean: number; captions: string[] };
      expect(out.shape).toEqual(expected.shape);
      expect(out.mean as number).toBeCloseTo(expected.mean, 10);
      expect(out.captions).toEqual(expected.captions);
      expect(out.image).toBe("420x300, 3 channels");
    },
  );

  it("prints the main job's result for a person", () => {
    const result = runCli([
      "run",
      "examples/real-files.ts",
      "summarize",
      "--array",
      "examples/data/measurements.npy",
      "--image",
      "examples/data/scipy-rgb.png",
      "--records",
      "examples/data/flytekit-data.jsonl",
      "--data-dir",
      dataDir,
    ]);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain("shape: [24,7]");
    expect(result.stdout).toContain('image: "420x300, 3 channels"');
    expect(result.stdout).toContain("One chinhuahua");
  });
});
