import { readFileSync } from "node:fs";
import { describeError } from "../engine/errors.js";
import { runCommand } from "./run-command.js";
import { UsageError } from "./usage-error.js";

const USAGE = `usage: flytekit-ts run <file.ts> <task or workflow> [--<input> <value>]… [--json]
                        [--data-dir <folder>] [--raw-output-prefix <uri>]

Runs an exported task or workflow locally. Inputs are parsed by their type:
numbers, strings, booleans, ISO dates, JSON for lists and maps, and a path or
URI for arrays (.npy), images and JSON Lines (.jsonl).`;

function version(): string {
  const pkg = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as {
    version: string;
  };
  return pkg.version;
}

/** Runs the CLI; returns the process exit code. */
export async function main(argv: readonly string[]): Promise<number> {
  const [command, ...rest] = argv;
  try {
    if (command === "run") {
      if (rest.includes("--help") || rest.includes("-h")) {
        process.stdout.write(`${USAGE}\n`);
        return 0;
      }
      await runCommand(rest, process.stdout);
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
    return error instanceof UsageError ? 2 : 1;
  }
}
