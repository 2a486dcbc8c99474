import type { AnyDescriptor, DescriptorMap } from "../engine/descriptor.js";
import { TypeMismatchError } from "../engine/errors.js";
import type { TypeEngine } from "../engine/type-engine.js";
import type { ILiteralMap } from "../model/flyteidl.js";
import { defaultEngine } from "../types/default-engine.js";
import { type Binding, currentBuilder, type Runnable } from "./graph.js";
import { isSingleOutput, outputMap, SINGLE_OUTPUT_NAME } from "./interface.js";
import { executionDir } from "./records.js";
import { containsRef, isRef, makeRef } from "./refs.js";
import {
  createRunContext,
  type RunContext,
  type RunOptions,
  transformContext,
} from "./run-context.js";
import { runRecorded } from "./run-recorded.js";

/** The result of running a task or workflow locally. */
export interface Execution {
  readonly executionId: string;
  /** Folder holding this run's `inputs.pb`, `outputs.pb` and node records. */
  readonly recordDir: string;
  /** Output literals, as written to `outputs.pb`. */
  readonly outputs: ILiteralMap;
  /** Output values as a consumer receives them, by output name. */
  readonly values: Record<string, unknown>;
  readonly run: RunContext;
}

/**
 * Runs a task or workflow locally from input values: converts them to
 * literals, runs and records, and converts the outputs back to values.
 */
export async function execute(
  runnable: Runnable,
  inputs: Readonly<Record<string, unknown>>,
  options: RunOptions & { engine?: TypeEngine } = {},
): Promise<Execution> {
  const run = createRunContext(options);
  const engine = options.engine ?? defaultEngine;
  const ctx = transformContext(run, runnable.name, engine);
  const inputLiterals = await engine.toLiteralMap(ctx, inputs, runnable.inputs, "input");
  return executeLiterals(runnable, inputLiterals, run, engine);
}

/** Runs from input literals (inputs produced elsewhere, such as by the CLI). */
export async function executeLiterals(
  runnable: Runnable,
  inputs: ILiteralMap,
  run: RunContext,
  engine: TypeEngine = defaultEngine,
): Promise<Execution> {
  const recordDir = executionDir(run.dataDir, run.executionId);
  const outputs = await runRecorded(run, runnable, inputs, recordDir);
  const ctx = transformContext(run, runnable.name, engine);
  const values = await engine.toValues(ctx, outputs, outputMap(runnable.outputs), "output");
  return { executionId: run.executionId, recordDir, outputs, values, run };
}

/**
 * What calling a task or workflow does: inside a workflow body it records a
 * node and returns refs to its outputs; anywhere else it runs locally and
 * returns the output values.
 */
export async function callRunnable(
  runnable: Runnable,
  inputs: Readonly<Record<string, unknown>> | undefined,
  options?: RunOptions,
): Promise<unknown> {
  const given = inputs ?? {};
  const builder = currentBuilder();
  if (builder) return recordNode(runnable, given);

  const execution = await execute(runnable, given, options);
  return isSingleOutput(runnable.outputs) ? execution.values[SINGLE_OUTPUT_NAME] : execution.values;
}

function recordNode(runnable: Runnable, inputs: Readonly<Record<string, unknown>>): unknown {
  const builder = currentBuilder()!;
  const bindings: Record<string, Binding> = {};
  for (const [name, value] of Object.entries(inputs)) {
    if (!Object.hasOwn(runnable.inputs, name)) {
      throw new TypeMismatchError(`cannot call ${runnable.name}: unexpected input "${name}"`, {
        task: runnable.name,
      });
    }
    if (isRef(value)) bindings[name] = { ref: value };
    else if (containsRef(value)) {
      throw new TypeMismatchError(
        `cannot call ${runnable.name}: input "${name}" nests a task output inside a list or object; pass task outputs directly`,
        { task: runnable.name },
      );
    } else bindings[name] = { constant: value };
  }
  for (const name of Object.keys(runnable.inputs)) {
    if (!Object.hasOwn(bindings, name)) {
      throw new TypeMismatchError(`cannot call ${runnable.name}: input "${name}" is missing`, {
        task: runnable.name,
      });
    }
  }

  const node = builder.add(runnable, bindings);
  if (isSingleOutput(runnable.outputs))
    return makeRef(node.id, SINGLE_OUTPUT_NAME, runnable.outputs);
  return refsFor(node.id, runnable.outputs);
}

function refsFor(nodeId: string, outputs: DescriptorMap): Record<string, unknown> {
  const refs: Record<string, unknown> = {};
  for (const [name, descriptor] of Object.entries(outputs))
    refs[name] = makeRef(nodeId, name, descriptor as AnyDescriptor);
  return refs;
}
