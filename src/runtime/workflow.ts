import type { DescriptorMap, ValuesOf } from "../engine/descriptor.js";
import { TypeMismatchError } from "../engine/errors.js";
import type { TypeEngine } from "../engine/type-engine.js";
import type { ILiteralMap } from "../model/flyteidl.js";
import { defaultEngine } from "../types/default-engine.js";
import { callRunnable } from "./call.js";
import { checkBindings } from "./check-bindings.js";
import { executeGraph, type Graph } from "./execute-graph.js";
import { type Binding, GraphBuilder, type Runnable, withBuilder } from "./graph.js";
import {
  type InputArgs,
  isSingleOutput,
  type OutputSpec,
  type OutputValues,
  outputMap,
  SINGLE_OUTPUT_NAME,
} from "./interface.js";
import { containsRef, isRef, makeRef } from "./refs.js";
import type { RunContext } from "./run-context.js";

export interface WorkflowOptions<I extends DescriptorMap, O extends OutputSpec> {
  readonly name: string;
  readonly inputs: I;
  readonly outputs: O;
  readonly engine?: TypeEngine;
}

/**
 * The body of a workflow. It is run once, to build the graph: task calls in
 * it return references to future outputs (typed as the values they stand
 * for), which may only be passed on to other task calls or returned.
 */
export type WorkflowBody<I extends DescriptorMap, O extends OutputSpec> = (
  inputs: ValuesOf<I>,
) => OutputValues<O> | Promise<OutputValues<O>>;

/** A declared workflow; call it with input values to run it locally. */
export interface Workflow<I extends DescriptorMap, O extends OutputSpec> extends Runnable {
  (...args: InputArgs<I>): Promise<OutputValues<O>>;
  readonly kind: "workflow";
  readonly inputs: I;
  readonly outputs: O;
  /** Builds (once) and returns the graph. */
  graph(): Promise<Graph>;
}

/**
 * Declares a workflow.
 *
 * @example
 * ```ts
 * export const pipeline = workflow(
 *   { name: "pipeline", inputs: { n: t.int }, outputs: t.float },
 *   async ({ n }) => total({ arr: await randomArray({ n }) }),
 * );
 * ```
 */
export function workflow<const I extends DescriptorMap, const O extends OutputSpec>(
  options: WorkflowOptions<I, O>,
  body: WorkflowBody<I, O>,
): Workflow<I, O> {
  const engine = options.engine ?? defaultEngine;
  let built: Promise<Graph> | undefined;

  const graph = (): Promise<Graph> => {
    built ??= buildGraph(options, body, engine);
    return built;
  };

  async function runLiterals(
    run: RunContext,
    inputs: ILiteralMap,
    recordDir: string,
  ): Promise<ILiteralMap> {
    return executeGraph(run, await graph(), inputs, recordDir, engine);
  }

  const call = (inputs?: Readonly<Record<string, unknown>>) => callRunnable(declared, inputs);
  const declared = Object.assign(call, {
    kind: "workflow" as const,
    inputs: options.inputs,
    outputs: options.outputs,
    graph,
    runLiterals,
  });
  Object.defineProperty(declared, "name", { value: options.name });
  return declared as unknown as Workflow<I, O>;
}

async function buildGraph<I extends DescriptorMap, O extends OutputSpec>(
  options: WorkflowOptions<I, O>,
  body: WorkflowBody<I, O>,
  engine: TypeEngine,
): Promise<Graph> {
  const builder = new GraphBuilder();
  const inputRefs: Record<string, unknown> = {};
  for (const [name, descriptor] of Object.entries(options.inputs))
    inputRefs[name] = makeRef(undefined, name, descriptor);

  const result: unknown = await withBuilder(builder, () => body(inputRefs as ValuesOf<I>));

  const descriptors = outputMap(options.outputs);
  const named = isSingleOutput(options.outputs) ? { [SINGLE_OUTPUT_NAME]: result } : result;
  if (typeof named !== "object" || named === null) {
    throw new TypeMismatchError(
      `workflow ${options.name}: the body must return an object of outputs`,
      {
        task: options.name,
      },
    );
  }
  const outputs: Record<string, Binding> = {};
  for (const name of Object.keys(descriptors)) {
    if (!Object.hasOwn(named, name)) {
      throw new TypeMismatchError(
        `workflow ${options.name}: output "${name}" is not returned by the body`,
        {
          task: options.name,
        },
      );
    }
    const value = (named as Record<string, unknown>)[name];
    if (!isRef(value) && containsRef(value)) {
      throw new TypeMismatchError(
        `workflow ${options.name}: output "${name}" nests a task output inside a list or object; ` +
          "return task outputs directly",
        { task: options.name },
      );
    }
    outputs[name] = isRef(value) ? { ref: value } : { constant: value };
  }
  checkBindings(engine, options.name, builder.nodes, outputs, descriptors);
  return { name: options.name, nodes: builder.nodes, outputs, outputDescriptors: descriptors };
}

export type { Runnable };
