import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import * as api from "../src/index.js";

/**
 * The package's public surface. A change here is a change users see: update
 * this list on purpose, never to make the test pass.
 */
const PUBLIC_VALUES = [
  "DATA_DIR_ENV",
  "DEFAULT_MAX_PIXELS",
  "FileAccess",
  "FlytekitError",
  "FormatError",
  "JsonLines",
  "JsonLinesError",
  "LazyIterator",
  "MappedNDArray",
  "NDArray",
  "NUMPY_ARRAY_FORMAT",
  "PIL_IMAGE_FORMAT",
  "PythonClass",
  "RAW_OUTPUT_PREFIX_ENV",
  "SINGLE_OUTPUT_NAME",
  "StorageError",
  "TaskError",
  "TypeEngine",
  "TypeMismatchError",
  "UnknownTypeError",
  "createNpy",
  "createRunContext",
  "createTypeEngine",
  "defaultEngine",
  "describeError",
  "describeImage",
  "describeJsonLines",
  "describeNDArray",
  "descriptor",
  "encodeNpy",
  "escapeHtml",
  "execute",
  "executeLiterals",
  "float16ArrayToFloat32",
  "float16ToNumber",
  "float32ToFloat16Array",
  "imagePalette",
  "imagePixels",
  "isFlytekitError",
  "modeName",
  "numberToFloat16",
  "openNpy",
  "readJsonLines",
  "readNpy",
  "readNpyFile",
  "silentLogger",
  "stridedView",
  "t",
  "task",
  "toNDArray",
  "toScijs",
  "toStdlib",
  "workflow",
  "writeJsonLines",
  "writeNpyFile",
];

describe("the package entry", () => {
  it("exports exactly the public API", () => {
    expect(Object.keys(api).sort()).toEqual([...PUBLIC_VALUES].sort());
  });

  it("has every built-in descriptor on t", () => {
    expect(Object.keys(api.t).sort()).toEqual(
      [
        "boolean",
        "datetime",
        "duration",
        "float",
        "image",
        "int",
        "iterator",
        "jsonIterator",
        "list",
        "map",
        "ndarray",
        "none",
        "string",
      ].sort(),
    );
  });

  it("loads neither sharp nor a cloud SDK on import", () => {
    // A fresh process with a resolve hook that prints each heavy module resolved.
    const script = "await import('./dist/index.js'); await import('./dist/cli/run-command.js');";
    const hook = "./test/helpers/log-heavy-imports.mjs";
    const run = (code: string) =>
      spawnSync(process.execPath, ["--import", hook, "--input-type=module", "-e", code], {
        encoding: "utf8",
      });
    const core = run(script);
    expect(core.stderr).toBe("");
    expect(core.stdout).toBe("");
    // The hook does see them when they are loaded.
    expect(run(`${script} await import('sharp');`).stdout).toContain("node_modules/sharp/");
  });
});
