import { readdir } from "node:fs/promises";
import { join } from "node:path";
import type { ILiteral } from "../model/flyteidl.js";
import { describeLiteralType } from "../model/literal-types.js";
import { executeLiterals } from "../runtime/call.js";
import { DECK_FILE } from "../runtime/deck/write-deck.js";
import { outputMap } from "../runtime/interface.js";
import { createRunContext, transformContext } from "../runtime/run-context.js";
import { defaultEngine } from "../types/default-engine.js";
import { parseRunArgs } from "./args.js";
import { literalJson } from "./literal-json.js";
import { loadRunnables, loadTarget } from "./load-target.js";
import { describeOutput, indentBlock } from "./output-text.js";
import { parseInput } from "./parse-input.js";
import { startProgress } from "./progress.js";
import { UsageError } from "./usage-error.js";

/** Where the command writes; the CLI passes process.stdout. */
export interface Output {
  write(text: string): void;
}

/** `flytekit-ts run`: loads the target, parses inputs, runs it, prints its outputs. */
export async function runCommand(
  argv: readonly string[],
  out: Output,
  terminal?: NodeJS.WriteStream,
): Promise<void> {
  if (argv.length === 1 && !argv[0]!.startsWith("--")) {
    out.write(await listCommand(argv[0]!));
    return;
  }
  const args = parseRunArgs(argv);
  const runnable = await loadTarget(args.file, args.target);
  const run = createRunContext({
    ...(args.dataDir === undefined ? {} : { dataDir: args.dataDir }),
    ...(args.rawOutputPrefix === undefined ? {} : { rawOutputPrefix: args.rawOutputPrefix }),
  });
  // An unusable output location fails now, not after the task has run.
  await run.files.backend(run.files.rawOutputPrefix);
  const ctx = transformContext(run, runnable.name, defaultEngine);

  for (const name of Object.keys(args.inputs)) {
    if (!Object.hasOwn(runnable.inputs, name)) {
      throw new UsageError(
        `${runnable.name} has no input "${name}"; its inputs: ${Object.keys(runnable.inputs).join(", ") || "none"}`,
      );
    }
  }
  const literals: Record<string, ILiteral> = {};
  for (const [name, descriptor] of Object.entries(runnable.inputs)) {
    const text = Object.hasOwn(args.inputs, name) ? args.inputs[name] : undefined;
    if (text === undefined) throw new UsageError(`missing input --${name}`);
    literals[name] = await parseInput(
      { ...ctx, variable: `input ${name}` },
      name,
      text,
      descriptor,
    );
  }

  const stopProgress = terminal ? startProgress(run.files, terminal) : () => {};
  const execution = await executeLiterals(runnable, { literals }, run).finally(stopProgress);
  const outputs = execution.outputs.literals ?? {};
  const descriptors = outputMap(runnable.outputs);

  if (args.json) {
    const json: Record<string, unknown> = {};
    for (const name of Object.keys(descriptors)) json[name] = literalJson(outputs[name]!);
    out.write(`${JSON.stringify(json)}\n`);
    return;
  }
  for (const [name, descriptor] of Object.entries(descriptors)) {
    const text = await describeOutput(
      { ...ctx, variable: `output ${name}` },
      outputs[name]!,
      execution.values[name],
      descriptor,
    );
    out.write(`${name}: ${indentBlock(text)}\n`);
  }
  for (const deck of await findDecks(execution.recordDir)) out.write(`deck: ${deck}\n`);
  out.write(`execution ${execution.executionId}: ${execution.recordDir}\n`);
}

/** Every deck page the run wrote, its own and its nodes'. */
async function findDecks(recordDir: string): Promise<string[]> {
  const entries = await readdir(recordDir, { recursive: true }).catch(() => []);
  return entries
    .filter((entry) => entry === DECK_FILE || entry.endsWith(`/${DECK_FILE}`))
    .sort()
    .map((entry) => join(recordDir, entry));
}

/** The tasks and workflows a file exports, with their inputs' literal types. */
async function listCommand(file: string): Promise<string> {
  const runnables = await loadRunnables(file);
  if (runnables.size === 0) return `${file} exports no task or workflow\n`;
  const lines = [...runnables].map(([name, runnable]) => {
    const kind = (runnable as { kind?: string }).kind ?? "task";
    const inputs = Object.entries(runnable.inputs)
      .map(([input, d]) => `--${input} <${describeLiteralType(defaultEngine.literalType(d))}>`)
      .join(" ");
    return `${name} (${kind} ${runnable.name}) ${inputs}`.trimEnd();
  });
  return `${lines.join("\n")}\n`;
}
