import { readFileSync } from "node:fs";
import { describeError } from "../engine/errors.js";
import { removePartialFiles } from "../storage/partial-files.js";
import { abortPendingWrites } from "../storage/pending-writes.js";
import { runCommand } from "./run-command.js";
import { UsageError } from "./usage-error.js";

const USAGE = `usage: flytekit-ts run <file.ts> <task or workflow> [--<input> <value>]… [--json]
                        [--data-dir <folder>] [--raw-output-prefix <uri>] [--verbose]

Runs an exported task or workflow locally. Inputs are parsed by their type:
numbers, strings, booleans, ISO 8601 dates (UTC unless an offset is given),
durations (1500ms, 30s, 5m), JSON for lists and maps, and a path or URI
(file://, s3://) for arrays (.npy), images and JSON Lines (.jsonl).
Give only <file.ts> to list the tasks and workflows it exports.

Environment:
  FLYTEKIT_TS_DATA_DIR            execution records (default ./.flytekit-ts)
  FLYTEKIT_TS_RAW_OUTPUT_PREFIX   where blobs go (default <data dir>/raw)
  AWS_ENDPOINT_URL_S3, AWS_REGION, AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY
                                  S3 or a compatible store, for s3:// URIs
  FLYTEKIT_TS_S3_PART_SIZE_MIB, FLYTEKIT_TS_S3_UPLOAD_CONCURRENCY
                                  multipart upload tuning (8 MiB, 3 at once)
  FLYTEKIT_TS_KERNEL_HINTS=0      no huge pages or space reservation for big arrays
  FLYTEKIT_TS_VERBOSE=1           print stacks with errors, like --verbose`;

function version(): string {
  const pkg = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as {
    version: string;
  };
  return pkg.version;
}

/** How long an interrupted run waits for its open writes to abort. */
const ABORT_WAIT_MS = 3000;

/** Exit codes of a process ended by a signal, as shells report them. */
const SIGNAL_EXIT: Readonly<Record<string, number>> = { SIGINT: 130, SIGTERM: 143 };

/**
 * Makes an interrupted or stalled run end cleanly: on Ctrl-C or SIGTERM the
 * partial files of unfinished writes are removed; if the process runs out of
 * work while the task's promise is still pending (a promise that never
 * settles), it says so instead of exiting silently.
 */
function guardRun(): () => void {
  let settled = false;
  const onSignal = async (signal: NodeJS.Signals) => {
    settled = true;
    // Abort open writes (S3 multipart uploads included), but never wait long:
    // the user asked to stop.
    const aborted = await Promise.race([
      abortPendingWrites(),
      new Promise<number>((resolve) => setTimeout(() => resolve(0), ABORT_WAIT_MS).unref()),
    ]);
    const removed = removePartialFiles();
    process.stderr.write(
      `flytekit-ts: error: interrupted by ${signal}; aborted ${aborted} write(s), removed ${removed} partial file(s)\n`,
    );
    process.exit(SIGNAL_EXIT[signal] ?? 1);
  };
  const onExit = () => {
    if (settled) return;
    removePartialFiles();
    process.stderr.write(
      "flytekit-ts: error: the run stopped while a task was still pending: its promise never settled\n",
    );
    process.exitCode = 1;
  };
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);
  process.once("exit", onExit);
  return () => {
    settled = true;
  };
}

/** Runs the CLI; returns the process exit code. */
export async function main(argv: readonly string[]): Promise<number> {
  // The AWS SDK prints a multi-line notice on Node 20 at its first use; the
  // CLI promises one-line errors and quiet success, so it opts out (users can
  // still opt back in by setting the variable themselves).
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
  const verbose = argv.includes("--verbose") || process.env.FLYTEKIT_TS_VERBOSE === "1";
  const [command, ...rest] = argv.filter((arg) => arg !== "--verbose");
  try {
    if (command === "run") {
      if (rest.includes("--help") || rest.includes("-h")) {
        process.stdout.write(`${USAGE}\n`);
        return 0;
      }
      const done = guardRun();
      try {
        await runCommand(rest, process.stdout, process.stderr);
      } finally {
        done();
      }
      return 0;
    }
    if (command === "--version" || command === "-v") {
      process.stdout.write(`${version()}\n`);
      return 0;
    }
    if (command === undefined || command === "--help" || command === "-h" || command === "help") {
      process.stdout.write(`${USAGE}\n`);
      return command === undefined ? 2 : 0;
    }
    throw new UsageError(`unknown command "${command}"`);
  } catch (error) {
    // One line, so scripts can show it as it is.
    const message = describeError(error).replace(/\s*\n\s*/g, " ");
    const hint = error instanceof UsageError ? " (see flytekit-ts --help)" : "";
    process.stderr.write(`flytekit-ts: error: ${message}${hint}\n`);
    if (verbose) process.stderr.write(`${stackOf(error)}\n`);
    return error instanceof UsageError ? 2 : 1;
  }
}

/** The stack of an error and of each of its causes, for --verbose. */
function stackOf(error: unknown): string {
  const parts: string[] = [];
  let current: unknown = error;
  for (let depth = 0; current !== undefined && depth < 8; depth++) {
    parts.push(current instanceof Error ? (current.stack ?? current.message) : String(current));
    current = current instanceof Error ? current.cause : undefined;
  }
  return parts.join("\ncaused by: ");
}
