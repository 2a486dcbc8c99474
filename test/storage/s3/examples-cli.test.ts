import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { decodeLiteralMap, literalMapToJson } from "../../../src/model/index.js";
import { runCli } from "../../helpers/cli.js";
import { tempDir } from "../../helpers/context.js";
import { hasNumpy, hasPillow } from "../../helpers/python.js";
import { hasMoto, type S3TestServer, startS3Server, useS3Env } from "../../helpers/s3-server.js";
import { boto, pendingUploads } from "./support.js";

/**
 * The four classic examples, run through the CLI with every blob sent to a
 * real S3-compatible server; an independent client (boto3) fetches what they
 * wrote, and NumPy, Pillow and Python's json read it.
 */
describe.skipIf(!hasMoto || !hasNumpy || !hasPillow)(
  "the examples with --raw-output-prefix s3://",
  () => {
    let server: S3TestServer;
    let restoreEnv: () => void = () => {};
    beforeAll(async () => {
      server = await startS3Server({ bucket: "examples" });
      // boto3 in the checking scripts reads the same environment.
      restoreEnv = useS3Env(server);
    });
    afterAll(async () => {
      restoreEnv();
      await server?.stop();
    });

    function run(
      file: string,
      target: string,
      prefix: string,
      inputs: string[],
    ): Record<string, unknown> {
      const result = runCli(
        [
          "run",
          `examples/${file}`,
          target,
          ...inputs,
          "--json",
          "--data-dir",
          tempDir(),
          "--raw-output-prefix",
          `s3://${server.bucket}/${prefix}`,
        ],
        server.env,
      );
      expect(result.stderr).toBe("");
      expect(result.status).toBe(0);
      return JSON.parse(result.stdout) as Record<string, unknown>;
    }

    /** What Python makes of every object under a prefix, read with boto3. */
    function inspect(prefix: string): { key: string; summary: unknown }[] {
      return boto(
        `
import io
import numpy as np
from PIL import Image
out = []
for item in s3.list_objects_v2(Bucket=args["bucket"], Prefix=args["prefix"]).get("Contents", []):
    data = s3.get_object(Bucket=args["bucket"], Key=item["Key"])["Body"].read()
    if item["Key"].endswith(".npy"):
        a = np.load(io.BytesIO(data))
        summary = {"dtype": str(a.dtype), "shape": list(a.shape), "sum": float(a.sum())}
    elif item["Key"].endswith(".png"):
        im = Image.open(io.BytesIO(data))
        summary = {"mode": im.mode, "size": list(im.size), "first": list(im.getpixel((0, 0)))}
    else:
        rows = [json.loads(line) for line in data.decode("utf-8").splitlines()]
        summary = {"count": len(rows), "active": sum(1 for r in rows if r["active"]), "first": rows[0]}
    out.append({"key": item["Key"], "summary": summary})
print(json.dumps(out))
`,
        { bucket: server.bucket, prefix },
      );
    }

    it("array sum: NumPy sums the array in S3 to the task's result", () => {
      const out = run("array-sum.ts", "arraySum", "arrays", ["--size", "1000", "--seed", "7"]);
      const [blob, ...others] = inspect("arrays/");
      expect(others).toEqual([]);
      expect(blob?.key).toMatch(/^arrays\/[0-9a-f]{32}\/array\.npy$/);
      const summary = blob?.summary as { dtype: string; shape: number[]; sum: number };
      expect([summary.dtype, summary.shape]).toEqual(["float64", [1000]]);
      expect(summary.sum).toBeCloseTo(out.o0 as number, 9);
    });

    it("image dimensions: Pillow opens the PNG in S3 at the size the task read", () => {
      const out = run("image-dimensions.ts", "imageDimensions", "images", [
        "--width",
        "33",
        "--height",
        "21",
      ]);
      expect(out).toEqual({ width: 33, height: 21 });
      const [blob] = inspect("images/");
      // The example draws (255x/(w-1), 255y/(h-1), 128): the top-left pixel is (0, 0, 128).
      expect(blob?.summary).toEqual({ mode: "RGB", size: [33, 21], first: [0, 0, 128] });
    });

    it("user records: Python's json reads the stream in S3 to the counts the task made", () => {
      const out = run("user-records.ts", "userCount", "records", ["--n", "3000"]);
      expect(out).toEqual({ total: 3000, active: 2000 });
      const [blob] = inspect("records/");
      expect(blob?.summary).toEqual({
        count: 3000,
        active: 2000,
        first: { id: 1, name: "user-1", active: true, tags: [] },
      });
    });

    it("integer sequence: runs with S3 configured (a collection needs no blob)", () => {
      expect(run("integer-sequence.ts", "sequenceSum", "ints", ["--n", "100"])).toEqual({
        o0: 5050,
      });
      expect(inspect("ints/")).toEqual([]);
    });

    it("reads an input given as an s3:// URI", () => {
      const [blob] = inspect("images/");
      const result = runCli(
        [
          "run",
          "examples/image-dimensions.ts",
          "dimensions",
          "--img",
          `s3://${server.bucket}/${blob?.key}`,
          "--json",
          "--data-dir",
          tempDir(),
        ],
        server.env,
      );
      expect(result.stderr).toBe("");
      expect(JSON.parse(result.stdout)).toEqual({ width: 33, height: 21 });
    });

    it("keeps execution records in S3 when the data folder is an s3:// URI", () => {
      const result = runCli(
        [
          "run",
          "examples/integer-sequence.ts",
          "sequenceSum",
          "--n",
          "10",
          "--json",
          "--data-dir",
          `s3://${server.bucket}/records`,
        ],
        server.env,
      );
      expect(result.stderr).toBe("");
      expect(JSON.parse(result.stdout)).toEqual({ o0: 55 });
      const objects = boto<{ key: string; data: string }[]>(
        `
import base64
items = s3.list_objects_v2(Bucket=args["bucket"], Prefix="records/executions/").get("Contents", [])
print(json.dumps([{"key": i["Key"], "data": base64.b64encode(s3.get_object(Bucket=args["bucket"], Key=i["Key"])["Body"].read()).decode()} for i in items]))
`,
        { bucket: server.bucket },
      );
      const names = objects
        .map((o) => o.key.replace(/^records\/executions\/[a-z0-9]+\//, ""))
        .sort();
      expect(names).toEqual([
        "inputs.pb",
        "n0/inputs.pb",
        "n0/outputs.pb",
        "n1/inputs.pb",
        "n1/outputs.pb",
        "outputs.pb",
      ]);
      const outputs = objects.find((o) =>
        /^records\/executions\/[a-z0-9]+\/outputs\.pb$/.test(o.key),
      );
      const decoded = literalMapToJson(decodeLiteralMap(Buffer.from(outputs!.data, "base64")));
      expect(decoded).toMatchObject({
        literals: { o0: { scalar: { primitive: { integer: "55" } } } },
      });
    });

    it("aborts its multipart upload when interrupted", async () => {
      const { spawn } = await import("node:child_process");
      const child = spawn(
        process.execPath,
        [
          "bin/flytekit-ts.js",
          "run",
          "test/cli/hang-tasks.ts",
          "slowJl",
          "--data-dir",
          tempDir(),
          "--raw-output-prefix",
          `s3://${server.bucket}/interrupted`,
        ],
        { env: { ...process.env, ...server.env } },
      );
      let stderr = "";
      child.stderr.on("data", (chunk: Buffer) => {
        stderr += chunk.toString();
      });
      // Wait until the upload has parts on the server, then interrupt.
      for (let i = 0; i < 100 && pendingUploads(server.bucket).length === 0; i++) {
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
      expect(pendingUploads(server.bucket)).toHaveLength(1);
      child.kill("SIGINT");
      const code = await new Promise<number | null>((resolve) => child.on("exit", resolve));
      expect(code).toBe(130);
      expect(stderr).toContain("aborted 1 write(s)");
      expect(pendingUploads(server.bucket)).toEqual([]);
      expect(inspect("interrupted/")).toEqual([]);
    });
  },
);
