import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";
import { tempDir } from "../helpers/context.js";
import { hasNumpy, hasPillow, runPython } from "../helpers/python.js";

const tasks = "test/cli/echo-tasks.ts";
let dir: string;
beforeAll(() => {
  dir = tempDir();
});

function runJson(target: string, inputs: string[]): Record<string, unknown> {
  const result = runCli([
    "run",
    tasks,
    target,
    ...inputs,
    "--json",
    "--data-dir",
    join(dir, "data"),
  ]);
  expect(result.stderr).toBe("");
  expect(result.status).toBe(0);
  return JSON.parse(result.stdout) as Record<string, unknown>;
}

describe("flytekit-ts run --json", () => {
  it("prints scalars, lists and maps as JSON values", () => {
    const out = runJson("scalars", [
      "--i",
      "-12",
      "--f",
      "2.5",
      "--s",
      "hi there",
      "--b",
      "true",
      "--when",
      "2024-05-06T07:08:09Z",
      "--xs",
      "[1,2,3]",
      "--m",
      '{"a":1.5}',
    ]);
    expect(out).toEqual({
      i: -12,
      f: 2.5,
      s: "hi there",
      b: true,
      when: "2024-05-06T07:08:09.000Z",
      xs: [1, 2, 3],
      m: { a: 1.5 },
    });
  });

  it.skipIf(!hasNumpy)("returns an array NumPy loads equal to the input", () => {
    const input = join(dir, "in.npy");
    runPython(
      "import numpy as np, sys\nnp.save(sys.argv[1], np.asfortranarray(np.arange(24, dtype='>i4').reshape(2, 3, 4)))",
      [input],
    );
    const out = runJson("echoArray", ["--arr", input]);
    const blob = out.o0 as { uri: string };
    expect(blob.uri).toMatch(/\.npy$/);
    const verdict = runPython(
      "import numpy as np, sys\na = np.load(sys.argv[1]); b = np.load(sys.argv[2])\nprint(a.shape == b.shape and np.array_equal(a, b))",
      [input, blob.uri],
    );
    expect(verdict.trim()).toBe("True");
  });

  it.skipIf(!hasPillow)("returns an image Pillow reads with the same size, mode and pixels", () => {
    const input = join(dir, "in.png");
    runPython(
      "from PIL import Image\nimport sys\nim = Image.new('RGB', (7, 5))\nim.putdata([(x * 30, y * 50, (x + y) * 10) for y in range(5) for x in range(7)])\nim.save(sys.argv[1])",
      [input],
    );
    const blob = runJson("echoImage", ["--img", input]).o0 as { uri: string };
    const verdict = runPython(
      "from PIL import Image\nimport sys\na = Image.open(sys.argv[1]); b = Image.open(sys.argv[2])\nprint(a.size == b.size and a.mode == b.mode and a.tobytes() == b.tobytes())",
      [input, blob.uri],
    );
    expect(verdict.trim()).toBe("True");
  });

  it("returns records Python's json reads equal to the input", () => {
    const input = join(dir, "in.jsonl");
    const records = [{ name: "ада", n: 1 }, { nested: { list: [1, 2.5, null] } }, "text", 42];
    writeFileSync(input, `${records.map((r) => JSON.stringify(r)).join("\n")}\n`);
    const blob = runJson("echoRecords", ["--records", input]).o0 as { uri: string };
    const verdict = runPython(
      "import json, sys\nload = lambda p: [json.loads(l) for l in open(p, encoding='utf-8') if l.strip()]\nprint(load(sys.argv[1]) == load(sys.argv[2]))",
      [input, blob.uri],
    );
    expect(verdict.trim()).toBe("True");
  });
});

describe("flytekit-ts run with bad input", () => {
  function expectFailure(target: string, flag: string, file: string, problem: RegExp): void {
    const result = runCli(["run", tasks, target, flag, file, "--data-dir", join(dir, "data")]);
    expect(result.status).not.toBe(0);
    expect(result.stdout).toBe("");
    const lines = result.stderr.trim().split("\n");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(`input ${flag.slice(2)}`);
    expect(lines[0]).toMatch(problem);
  }

  it.skipIf(!hasNumpy)("refuses a truncated .npy", () => {
    const path = join(dir, "truncated.npy");
    runPython("import numpy as np, sys\nnp.save(sys.argv[1], np.arange(100, dtype='<f8'))", [path]);
    runPython(
      "import sys\np = sys.argv[1]\nb = open(p, 'rb').read()\nopen(p, 'wb').write(b[:-80])",
      [path],
    );
    expectFailure("echoArray", "--arr", path, /truncated\.npy.*(800|720) bytes/);
  });

  it.skipIf(!hasNumpy)("refuses a .npy whose header lies about its shape", () => {
    const path = join(dir, "lying.npy");
    runPython("import numpy as np, sys\nnp.save(sys.argv[1], np.arange(6, dtype='<i4'))", [path]);
    runPython(
      "import sys\np = sys.argv[1]\nb = open(p, 'rb').read().replace(b\"'shape': (6,)\", b\"'shape': (600,)\")\nopen(p, 'wb').write(b)",
      [path],
    );
    expectFailure("echoArray", "--arr", path, /lying\.npy.*\(600,\)/);
  });

  it("refuses a file that is not an image", () => {
    const path = join(dir, "notes.png");
    writeFileSync(path, "these are notes, not pixels\n");
    expectFailure("echoImage", "--img", path, /notes\.png/);
  });

  it.skipIf(!hasPillow)("blames a PNG with corrupt pixel data on the input, not the output", () => {
    const path = join(dir, "corrupt-pixels.png");
    runPython(
      "import sys, zlib, struct\nfrom PIL import Image\np = sys.argv[1]\n" +
        "Image.new('RGB', (64, 64), (9, 99, 199)).save(p)\nb = bytearray(open(p, 'rb').read())\n" +
        "i = b.find(b'IDAT'); n = struct.unpack('>I', b[i - 4:i])[0]\nb[i + 6:i + 4 + n] = b'\\xff' * (n - 2)\n" +
        "b[i + 4 + n:i + 8 + n] = struct.pack('>I', zlib.crc32(bytes(b[i:i + 4 + n])))\nopen(p, 'wb').write(b)",
      [path],
    );
    expectFailure("echoImage", "--img", path, /corrupt-pixels\.png: its pixel data is corrupt/);
  });

  it("refuses a .jsonl line that is not JSON, naming the line", () => {
    const path = join(dir, "broken.jsonl");
    writeFileSync(path, '{"ok": 1}\n{"ok": 2}\n{not json}\n');
    expectFailure("echoRecords", "--records", path, /broken\.jsonl.*line 3/);
  });

  it("fails on a missing input file before running", () => {
    const result = runCli(["run", tasks, "echoArray", "--arr", join(dir, "nope.npy")]);
    expect(result.status).not.toBe(0);
    expect(result.stderr).toMatch(/input arr.*no such file/);
  });

  it("uses transformers the user's file registers on the default engine", () => {
    const result = runCli([
      "run",
      "test/cli/point-tasks.ts",
      "norm",
      "--p",
      '{"x":3,"y":4}',
      "--json",
    ]);
    expect(result.stderr).toBe("");
    expect(JSON.parse(result.stdout)).toEqual({ o0: 5 });
  });

  it("says which file failed to load", () => {
    const path = join(dir, "broken-module.ts");
    writeFileSync(path, 'throw new Error("top level boom");\n');
    const result = runCli(["run", path, "anything"]);
    expect(result.status).toBe(1);
    expect(result.stderr.trim()).toBe(`flytekit-ts: error: cannot load ${path}: top level boom`);
  });

  it("lists a file's tasks and workflows with their inputs when given no target", () => {
    const result = runCli(["run", "examples/arithmetic.ts"]);
    expect(result.stderr).toBe("");
    expect(result.stdout.trim().split("\n")).toEqual([
      // In the order of the module's namespace: alphabetical.
      "describe (task describe) --value <INTEGER>",
      "pipeline (workflow pipeline) --x <INTEGER>",
      "square (task square) --x <INTEGER>",
    ]);
  });

  it("names an unknown target and lists the exports", () => {
    const result = runCli(["run", tasks, "nothing"]);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/cannot find task or workflow "nothing".*echoArray/);
  });
});

describe("flytekit-ts run when a run cannot finish", () => {
  it("says so when a task's promise never settles", () => {
    const result = runCli(["run", "test/cli/hang-tasks.ts", "hangs", "--data-dir", tempDir()]);
    expect(result.status).toBe(1);
    expect(result.stderr.trim()).toBe(
      "flytekit-ts: error: the run stopped while a task was still pending: its promise never settled",
    );
  });

  it("aborts open writes, leaving no partial file, when interrupted", async () => {
    const dataDir = tempDir();
    const { spawn } = await import("node:child_process");
    const { readdirSync } = await import("node:fs");
    const child = spawn(process.execPath, [
      "bin/flytekit-ts.js",
      "run",
      "test/cli/hang-tasks.ts",
      "slowJl",
      "--data-dir",
      dataDir,
    ]);
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    // Wait until the stream's partial file exists, then interrupt; a busy machine
    // may take many seconds to start the CLI and load the task file.
    const partials = () =>
      readdirSync(dataDir, { recursive: true }).filter((p) => String(p).endsWith(".partial"));
    for (let i = 0; i < 1200 && partials().length === 0; i++)
      await new Promise((r) => setTimeout(r, 50));
    expect(partials().length).toBe(1);
    child.kill("SIGINT");
    const code = await new Promise<number | null>((resolve) => child.on("exit", resolve));
    expect(code).toBe(130);
    expect(stderr.trim()).toBe(
      "flytekit-ts: error: interrupted by SIGINT; aborted 1 write(s), removed 0 partial file(s)",
    );
    expect(partials()).toEqual([]);
  }, 90_000);
});

describe("flytekit-ts run input parsing", () => {
  const values = "test/cli/value-tasks.ts";
  const json = (args: string[], env: Record<string, string> = {}) => {
    const result = runCli(["run", values, ...args, "--json", "--data-dir", tempDir()], env);
    return {
      ...result,
      out: result.status === 0 ? (JSON.parse(result.stdout) as unknown) : undefined,
    };
  };

  it("reads datetimes as strict ISO 8601, UTC unless an offset is given, whatever the machine's zone", () => {
    const env = { TZ: "America/New_York" };
    expect(json(["echoDate", "--d", "2024-03-07T10:00:00"], env).out).toEqual({
      o0: "2024-03-07T10:00:00.000Z",
    });
    expect(json(["echoDate", "--d", "2024-03-07"], env).out).toEqual({
      o0: "2024-03-07T00:00:00.000Z",
    });
    expect(json(["echoDate", "--d", "2024-03-07T10:00:00.5+02:00"], env).out).toEqual({
      o0: "2024-03-07T08:00:00.500Z",
    });
    for (const bad of ["2024-02-30", "1", "March 7, 2024", "2024-03-07T10:00:00.123456Z"]) {
      const result = json(["echoDate", "--d", bad]);
      expect(result.status).toBe(2);
      expect(result.stderr).toContain(`expected an ISO 8601 date or datetime`);
    }
  });

  it("prints durations in milliseconds, as tasks receive them", () => {
    expect(json(["echoDuration", "--d", "1.5s"]).out).toEqual({ o0: 1500 });
    const text = runCli(["run", values, "echoDuration", "--d", "2m", "--data-dir", tempDir()]);
    expect(text.stdout.split("\n")[0]).toBe("o0: 120000 ms");
  });

  it("keeps a map key named __proto__", () => {
    expect(json(["echoMap", "--m", '{"__proto__":1,"b":2}']).out).toEqual({
      o0: JSON.parse('{"__proto__":1,"b":2}'),
    });
  });

  it("never rounds a long integer in a JSON input: it is refused, naming the exact value", () => {
    const result = json(["echoInts", "--xs", "[1, 9007199254740993]"]);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain("input xs[1]");
    expect(result.stderr).toContain("9007199254740993");
  });
});

describe("flytekit-ts run storage options", () => {
  it("makes a relative raw output prefix absolute, so outputs.pb holds usable URIs", () => {
    const cwd = tempDir();
    const result = runCli(
      [
        "run",
        join(process.cwd(), "examples/array-sum.ts"),
        "randomArray",
        "--size",
        "3",
        "--seed",
        "1",
        "--raw-output-prefix",
        "relraw",
        "--data-dir",
        join(cwd, "data"),
        "--json",
      ],
      {},
      cwd,
    );
    expect(result.stderr).toBe("");
    const uri = (JSON.parse(result.stdout) as { o0: { uri: string } }).o0.uri;
    expect(uri.startsWith(join(cwd, "relraw"))).toBe(true);
  });

  it("refuses an output location it cannot write before running anything", () => {
    const result = runCli([
      "run",
      "test/cli/hang-tasks.ts",
      "hangs",
      "--raw-output-prefix",
      "gs://bucket/x",
    ]);
    expect(result.status).toBe(1);
    expect(result.stderr.trim()).toBe(
      'flytekit-ts: error: cannot access gs://bucket/x: no storage backend for "gs://"',
    );
  });

  it("refuses empty storage options and a --json with a value", () => {
    expect(
      runCli(["run", "examples/arithmetic.ts", "square", "--x", "1", "--data-dir", ""]).stderr,
    ).toContain("--data-dir needs a non-empty value");
    expect(
      runCli(["run", "examples/arithmetic.ts", "square", "--x", "1", "--json=no"]).stderr,
    ).toContain("--json takes no value");
  });
});
