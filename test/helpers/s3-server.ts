/**
 * A real S3-compatible server for tests: Python's moto server, started on
 * 127.0.0.1 on a free port, with a bucket made through the AWS SDK. Each test
 * file starts its own and stops it afterwards; nothing leaves loopback.
 */
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { once } from "node:events";
import { closeSync, openSync, readFileSync } from "node:fs";
import { createServer } from "node:net";
import { join } from "node:path";
import { CreateBucketCommand, S3Client } from "@aws-sdk/client-s3";
import { tempDir } from "./context.js";

/** True when `python3 -m moto.server` can run here. */
export const hasMoto = spawnSync("python3", ["-c", "import moto.server"]).status === 0;

// The SDK warns once per process about Node 20; test output need not repeat it.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = "true";

if (!hasMoto) {
  // Loud on purpose: the S3 tests must run in CI; a skip here is worth noticing.
  console.warn(
    "\n!!! S3 TESTS SKIPPED: python3 cannot import moto.server. " +
      "Install Python's moto (with its server extras) to run them.\n",
  );
}

/** Test credentials; distinctive so that a test can search any message for a leaked secret. */
export const TEST_ACCESS_KEY_ID = "test-access-key-id";
export const TEST_SECRET_ACCESS_KEY = "test-secret-4f1d9a7c2b8e6d30";
export const TEST_REGION = "us-east-1";

export interface S3TestServer {
  /** `http://127.0.0.1:<port>` */
  readonly endpoint: string;
  readonly port: number;
  /** A bucket that exists on the server. */
  readonly bucket: string;
  /** A client with the test credentials, path-style, for setting up and checking. */
  readonly client: S3Client;
  /** The environment a backend needs to reach this server (see {@link useS3Env}). */
  readonly env: Readonly<Record<string, string>>;
  /** Stops the server, losing what it stored; safe to call twice. */
  stop(): Promise<void>;
}

/** Starts moto on a free loopback port and creates `bucket` on it. */
export async function startS3Server(
  options: { bucket?: string; extraEnv?: Record<string, string> } = {},
): Promise<S3TestServer> {
  const port = await freePort();
  const endpoint = `http://127.0.0.1:${port}`;
  // moto logs every request to stderr. It goes to a file, not a pipe: a pipe
  // fills while this process is busy in synchronous code, and moto then blocks.
  const logPath = join(tempDir(), "moto.log");
  const log = openSync(logPath, "w");
  const child = spawn("python3", ["-m", "moto.server", "-H", "127.0.0.1", "-p", String(port)], {
    stdio: ["ignore", "ignore", log],
    env: { ...process.env, ...options.extraEnv },
  });
  closeSync(log);
  const stderr = () => readFileSync(logPath, "utf8").slice(-4000);
  const exited = once(child, "exit");
  // A test process that dies must not leave its server behind.
  const killOnExit = () => child.kill("SIGKILL");
  process.once("exit", killOnExit);
  const stop = async () => {
    process.off("exit", killOnExit);
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill("SIGTERM");
    await exited;
  };

  try {
    await waitUntilServing(endpoint, child, stderr);
  } catch (error) {
    await stop();
    throw error;
  }

  const bucket = options.bucket ?? "flytekit-ts-test";
  const client = new S3Client({
    endpoint,
    region: TEST_REGION,
    forcePathStyle: true,
    credentials: { accessKeyId: TEST_ACCESS_KEY_ID, secretAccessKey: TEST_SECRET_ACCESS_KEY },
  });
  await client.send(new CreateBucketCommand({ Bucket: bucket }));
  const env = testEnv(endpoint);
  return { endpoint, port, bucket, client, env, stop };
}

/** What the SDK's default chain needs to reach `endpoint`, and nothing from this machine's ~/.aws. */
function testEnv(endpoint: string): Record<string, string> {
  const none = join(tempDir("flytekit-ts-aws-"), "absent");
  return {
    AWS_ACCESS_KEY_ID: TEST_ACCESS_KEY_ID,
    AWS_SECRET_ACCESS_KEY: TEST_SECRET_ACCESS_KEY,
    AWS_REGION: TEST_REGION,
    AWS_ENDPOINT_URL_S3: endpoint,
    AWS_CONFIG_FILE: none,
    AWS_SHARED_CREDENTIALS_FILE: none,
    // Never ask an instance-metadata address: tests stay on loopback.
    AWS_EC2_METADATA_DISABLED: "true",
    // Keep retries short so that fault tests fail fast.
    AWS_MAX_ATTEMPTS: "3",
  };
}

/** Sets `server.env` in `process.env` (and clears AWS_PROFILE); returns a function that restores it. */
export function useS3Env(server: Pick<S3TestServer, "env">): () => void {
  const names = [
    ...Object.keys(server.env),
    "AWS_PROFILE",
    "AWS_SESSION_TOKEN",
    "AWS_ENDPOINT_URL",
  ];
  const saved = new Map(names.map((name) => [name, process.env[name]]));
  for (const name of names) delete process.env[name];
  Object.assign(process.env, server.env);
  return () => {
    for (const [name, value] of saved) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  };
}

/** A port that was free a moment ago (the OS picks it). */
export async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const address = server.address();
  server.close();
  await once(server, "close");
  if (address === null || typeof address === "string") throw new Error("no TCP port");
  return address.port;
}

async function waitUntilServing(
  endpoint: string,
  child: ChildProcess,
  stderr: () => string,
): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) {
      throw new Error(`moto server exited with ${child.exitCode}: ${stderr()}`);
    }
    try {
      await fetch(`${endpoint}/moto-api/`, { signal: AbortSignal.timeout(1000) });
      return;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  throw new Error(`moto server did not start on ${endpoint}: ${stderr()}`);
}
