import type { TransformContext } from "../engine/context.js";
import type { DescriptorMap, ValuesOf } from "../engine/descriptor.js";
import { describeError, isFlytekitError, TaskError, TypeMismatchError } from "../engine/errors.js";
import type { TypeEngine } from "../engine/type-engine.js";
import type { ILiteralMap } from "../model/flyteidl.js";
import { defaultEngine } from "../types/default-engine.js";
import { callRunnable } from "./call.js";
import { renderInputs, writeDeck } from "./deck/write-deck.js";
import type { Runnable } from "./graph.js";
import {
  type InputArgs,
  isSingleOutput,
  type OutputAccepts,
  type OutputSpec,
  type OutputValues,
  outputMap,
  SINGLE_OUTPUT_NAME,
} from "./interface.js";
import type { RunContext } from "./run-context.js";
import { transformContext } from "./run-context.js";

/** How a task is declared. */
export interface TaskOptions<I extends DescriptorMap, O extends OutputSpec> {
  /** Unique name; used in records, messages and the CLI. */
  readonly name: string;
  /** Input descriptors by name. */
  readonly inputs: I;
  /** One descriptor (the output is named `o0`) or descriptors by name. */
  readonly outputs: O;
  /** Engine converting this task's values; the default engine when omitted. */
  readonly engine?: TypeEngine;
  /**
   * Writes an HTML page of the run's inputs and outputs (`deck.html` in the
   * task's record folder), as flytekit's `enable_deck` does.
   */
  readonly decks?: boolean;
}

/** The function a task runs, over native values. */
export type TaskFunction<I extends DescriptorMap, O extends OutputSpec> = (
  inputs: ValuesOf<I>,
) => OutputAccepts<O> | Promise<OutputAccepts<O>>;

/**
 * A declared task. Call it with input values: outside a workflow it runs
 * locally with every input and output converted through the engine, exactly
 * as between two machines; inside a workflow body it becomes a node.
 */
export interface Task<I extends DescriptorMap, O extends OutputSpec> extends Runnable {
  (...args: InputArgs<I>): Promise<OutputValues<O>>;
  readonly kind: "task";
  readonly inputs: I;
  readonly outputs: O;
  readonly fn: TaskFunction<I, O>;
}

/**
 * Declares a task.
 *
 * @example
 * ```ts
 * import { t, task } from "flytekit-ts";
 *
 * export const total = task(
 *   { name: "total", inputs: { arr: t.ndarray() }, outputs: t.float },
 *   ({ arr }) => arr.data.reduce((a, b) => a + Number(b), 0),
 * );
 * ```
 */
export function task<const I extends DescriptorMap, const O extends OutputSpec>(
  options: TaskOptions<I, O>,
  fn: TaskFunction<I, O>,
): Task<I, O> {
  const engine = options.engine ?? defaultEngine;
  const outputs = outputMap(options.outputs);

  async function runLiterals(
    run: RunContext,
    inputs: ILiteralMap,
    recordDir: string,
  ): Promise<ILiteralMap> {
    const ctx = transformContext(run, options.name, engine);
    const values = (await engine.toValues(ctx, inputs, options.inputs, "input")) as ValuesOf<I>;
    try {
      return await runWithDeck(ctx, values, run, recordDir);
    } finally {
      // Inputs may hold open files (memory-mapped arrays); the task is done with them.
      await disposeAll(engine, values, options.inputs);
    }
  }

  async function runWithDeck(
    ctx: TransformContext,
    values: ValuesOf<I>,
    run: RunContext,
    recordDir: string,
  ): Promise<ILiteralMap> {
    if (!options.decks) return runFunction(ctx, values);

    const deck = { ctx, executionId: run.executionId, recordDir, outputDescriptors: outputs };
    const renderedInputs = await renderInputs(ctx, values, options.inputs);
    try {
      const literals = await runFunction(ctx, values);
      await writeDeck({ ...deck, inputs: renderedInputs, outputs: literals });
      return literals;
    } catch (error) {
      await writeDeck({ ...deck, inputs: renderedInputs, error });
      throw error;
    }
  }

  async function runFunction(ctx: TransformContext, values: ValuesOf<I>): Promise<ILiteralMap> {
    let result: unknown;
    try {
      result = await fn(values);
    } catch (error) {
      if (isFlytekitError(error) && error.task !== undefined) throw error;
      throw new TaskError(`task ${options.name} failed: ${describeError(error)}`, {
        task: options.name,
        cause: error,
      });
    }

    const named = isSingleOutput(options.outputs) ? { [SINGLE_OUTPUT_NAME]: result } : result;
    if (typeof named !== "object" || named === null) {
      throw new TypeMismatchError(
        `task ${options.name}: expected an object with outputs ${Object.keys(outputs).join(", ")}, got ${String(named)}`,
        { task: options.name },
      );
    }
    return engine.toLiteralMap(ctx, named as Record<string, unknown>, outputs, "output");
  }

  const call = (inputs?: Readonly<Record<string, unknown>>) => callRunnable(declared, inputs);
  const declared = Object.assign(call, {
    kind: "task" as const,
    inputs: options.inputs,
    outputs: options.outputs,
    fn,
    runLiterals,
  });
  Object.defineProperty(declared, "name", { value: options.name });
  return declared as unknown as Task<I, O>;
}

/** Releases what received values hold; a failure to release is not the task's failure. */
async function disposeAll(
  engine: TypeEngine,
  values: Readonly<Record<string, unknown>>,
  descriptors: DescriptorMap,
): Promise<void> {
  await Promise.allSettled(
    Object.entries(descriptors).map(([name, descriptor]) =>
      engine.transformerFor(descriptor).dispose?.(values[name]),
    ),
  );
}
