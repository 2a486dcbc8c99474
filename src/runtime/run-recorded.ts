import type { ILiteralMap } from "../model/flyteidl.js";
import { joinUri } from "../storage/uri.js";
import type { Runnable } from "./graph.js";
import { INPUTS_FILE, OUTPUTS_FILE, readLiteralMap, writeLiteralMap } from "./records.js";
import type { RunContext } from "./run-context.js";

/**
 * Runs a task or workflow on literals and records it: `inputs.pb` before it
 * starts, `outputs.pb` only once every output has been written, so a failed
 * run leaves no `outputs.pb` behind.
 */
export async function runRecorded(
  run: RunContext,
  runnable: Runnable,
  inputs: ILiteralMap,
  recordDir: string,
): Promise<ILiteralMap> {
  await writeLiteralMap(run.files, joinUri(recordDir, INPUTS_FILE), inputs);
  const outputs = await runnable.runLiterals(run, inputs, recordDir);
  await writeLiteralMap(run.files, joinUri(recordDir, OUTPUTS_FILE), outputs);
  return outputs;
}

/** Reads back a recorded run's outputs. */
export function readOutputs(run: RunContext, recordDir: string): Promise<ILiteralMap> {
  return readLiteralMap(run.files, joinUri(recordDir, OUTPUTS_FILE));
}
