import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isFlytekitError } from "../../../src/engine/errors.js";
import { execute, NDArray, t, task, workflow } from "../../../src/index.js";
import type { ILiteral } from "../../../src/model/flyteidl.js";
import { tempDir } from "../../helpers/context.js";
import { hasNumpy, hasPillow } from "../../helpers/python.js";
import { hasMoto, type S3TestServer, startS3Server, useS3Env } from "../../helpers/s3-server.js";
import { boto, pendingUploads, seededBytes, sha256 } from "./support.js";

const WIDTH = 37;
const HEIGHT = 23;

/** What the producing task makes, computed once so the test can compare with it. */
function expectedOutputs(n: number) {
  const values = Array.from({ length: 12 }, (_, i) => (i - 5.5) / 3 + n);
  const pixels = seededBytes(WIDTH * HEIGHT * 3, n);
  const records = Array.from({ length: n }, (_, id) => ({
    id,
    name: `record-${id} ✓`,
    score: id / 7,
    tags: id % 2 ? ["odd"] : [],
    nested: { ok: id % 3 === 0, none: null },
  }));
  return { values, pixels, records };
}

const produce = task(
  {
    name: "produce",
    inputs: { n: t.int },
    outputs: { arr: t.ndarray(), img: t.image(), records: t.jsonIterator() },
  },
  ({ n }) => {
    const { values, pixels, records } = expectedOutputs(n);
    async function* stream() {
      for (const record of records) yield record;
    }
    return {
      arr: NDArray.from(Float64Array.from(values), [3, 4]),
      img: { data: pixels, width: WIDTH, height: HEIGHT, channels: 3 as const },
      records: stream(),
    };
  },
);

const countRecords = task(
  { name: "count-records", inputs: { records: t.jsonIterator() }, outputs: t.int },
  async ({ records }) => {
    let count = 0;
    for await (const _ of records) count++;
    return count;
  },
);

const produceAndCount = workflow(
  { name: "produce-and-count", inputs: { n: t.int }, outputs: t.int },
  async ({ n }) => {
    const made = await produce({ n });
    return countRecords({ records: made.records });
  },
);

function blobUri(literal: ILiteral | undefined): string {
  const uri = literal?.scalar?.blob?.uri;
  if (!uri) throw new Error("expected a blob literal");
  return uri;
}

interface PythonView {
  readonly array: { dtype: string; shape: number[]; values: number[] };
  readonly image: { mode: string; size: number[]; sha256: string };
  readonly records: unknown[];
}

describe.skipIf(!hasMoto || !hasNumpy || !hasPillow)("a run whose blobs live in S3", () => {
  let server: S3TestServer;
  let restoreEnv: () => void;

  beforeAll(async () => {
    server = await startS3Server({ bucket: "flytekit-ts-e2e" });
    restoreEnv = useS3Env(server);
  });
  afterAll(async () => {
    restoreEnv?.();
    await server?.stop();
  });

  it("writes array, image and JSON-iterator blobs that boto3, NumPy, Pillow and json read back equal", async () => {
    const n = 250;
    const execution = await execute(
      produce,
      { n },
      { rawOutputPrefix: "s3://flytekit-ts-e2e/raw", dataDir: tempDir() },
    );
    const literals = execution.outputs.literals ?? {};
    const uris = {
      arr: blobUri(literals.arr),
      img: blobUri(literals.img),
      records: blobUri(literals.records),
    };
    for (const uri of Object.values(uris)) {
      expect(uri).toMatch(/^s3:\/\/flytekit-ts-e2e\/raw\/[0-9a-f]{32}\/[\w.]+$/);
    }

    // An independent client downloads the blobs; NumPy, Pillow and json load them.
    const seen = boto<PythonView>(
      `
import io
import numpy as np
from PIL import Image
def fetch(uri):
    bucket, key = uri[len("s3://"):].split("/", 1)
    return s3.get_object(Bucket=bucket, Key=key)["Body"].read()
arr = np.load(io.BytesIO(fetch(args["arr"])))
img = Image.open(io.BytesIO(fetch(args["img"])))
records = [json.loads(line) for line in fetch(args["records"]).decode("utf-8").splitlines()]
print(json.dumps({
    "array": {"dtype": str(arr.dtype), "shape": list(arr.shape), "values": arr.ravel().tolist()},
    "image": {"mode": img.mode, "size": list(img.size),
              "sha256": hashlib.sha256(np.asarray(img).tobytes()).hexdigest()},
    "records": records,
}))
`,
      uris,
    );
    const expected = expectedOutputs(n);
    expect(seen.array).toEqual({ dtype: "float64", shape: [3, 4], values: expected.values });
    expect(seen.image).toEqual({
      mode: "RGB",
      size: [WIDTH, HEIGHT],
      sha256: sha256(expected.pixels),
    });
    expect(seen.records).toEqual(expected.records);
    expect(pendingUploads("flytekit-ts-e2e")).toEqual([]);
  });

  it("reads the blobs back from S3 as the next task's inputs", async () => {
    const execution = await execute(
      produceAndCount,
      { n: 1234 },
      { rawOutputPrefix: "s3://flytekit-ts-e2e/raw", dataDir: tempDir() },
    );
    expect(execution.values.o0).toBe(1234);
  });

  it("a run whose upload fails ends in an error naming the URI and writes no outputs.pb", async () => {
    const dataDir = tempDir();
    const error = await execute(
      produce,
      { n: 3 },
      { rawOutputPrefix: "s3://flytekit-ts-no-such-bucket/raw", dataDir },
    ).catch((caught: unknown) => caught);
    expect(isFlytekitError(error)).toBe(true);
    expect(String(error)).toMatch(
      /cannot write s3:\/\/flytekit-ts-no-such-bucket\/raw\/[0-9a-f]{32}\/[\w.]+: the bucket does not exist/,
    );
    const executions = join(dataDir, "executions");
    const records = readdirSync(executions).map((id) => join(executions, id));
    expect(records).toHaveLength(1);
    expect(existsSync(join(records[0]!, "inputs.pb"))).toBe(true);
    expect(existsSync(join(records[0]!, "outputs.pb"))).toBe(false);
  });
});
