import type { AnyDescriptor } from "../engine/descriptor.js";
import { TypeMismatchError } from "../engine/errors.js";
import type { TypeEngine } from "../engine/type-engine.js";
import type { ILiteral, ILiteralMap } from "../model/flyteidl.js";
import { joinUri } from "../storage/uri.js";
import type { Binding, GraphNode } from "./graph.js";
import type { Ref } from "./refs.js";
import { type RunContext, transformContext } from "./run-context.js";
import { runRecorded } from "./run-recorded.js";

/** A workflow graph ready to run: its nodes and how its outputs are bound. */
export interface Graph {
  readonly name: string;
  readonly nodes: readonly GraphNode[];
  readonly outputs: Readonly<Record<string, Binding>>;
  readonly outputDescriptors: Readonly<Record<string, AnyDescriptor>>;
}

/**
 * Runs every node as soon as the nodes it depends on have finished, so
 * independent nodes run concurrently. Each node's records go in
 * `<recordDir>/<node id>/`. When a node fails, the nodes that depend on it
 * do not run; the others finish, and the first failure is thrown.
 */
export async function executeGraph(
  run: RunContext,
  graph: Graph,
  inputs: ILiteralMap,
  recordDir: string,
  engine: TypeEngine,
): Promise<ILiteralMap> {
  const results = new Map<string, Promise<ILiteralMap>>();
  const failures: unknown[] = [];

  const resolve = async (
    binding: Binding,
    descriptor: AnyDescriptor,
    label: string,
  ): Promise<ILiteral> => {
    if ("ref" in binding) return literalOf(binding.ref, results, inputs, graph.name);
    const ctx = { ...transformContext(run, graph.name, engine), variable: label };
    return engine.toLiteral(ctx, binding.constant, descriptor);
  };

  for (const node of graph.nodes) {
    const result = (async () => {
      const literals: Record<string, ILiteral> = {};
      for (const [name, binding] of Object.entries(node.bindings)) {
        const descriptor = node.runnable.inputs[name]!;
        literals[name] = await resolve(
          binding,
          descriptor,
          `node ${node.id} (${node.runnable.name}) input ${name}`,
        );
      }
      return runRecorded(run, node.runnable, { literals }, joinUri(recordDir, node.id));
    })();
    // Record the failure in the order it happened; the first one is the cause.
    result.catch((error: unknown) => failures.push(error));
    results.set(node.id, result);
  }

  await Promise.allSettled(results.values());
  if (failures.length > 0) throw failures[0];

  const literals: Record<string, ILiteral> = {};
  for (const [name, binding] of Object.entries(graph.outputs)) {
    literals[name] = await resolve(binding, graph.outputDescriptors[name]!, `output ${name}`);
  }
  return { literals };
}

async function literalOf(
  ref: Ref,
  results: Map<string, Promise<ILiteralMap>>,
  inputs: ILiteralMap,
  workflow: string,
): Promise<ILiteral> {
  const source = ref.node === undefined ? inputs : await results.get(ref.node);
  const literal = source?.literals?.[ref.name];
  if (!literal) {
    const from = ref.node === undefined ? "workflow input" : `output of node ${ref.node}`;
    throw new TypeMismatchError(`workflow ${workflow}: ${from} "${ref.name}" has no value`, {
      task: workflow,
    });
  }
  return literal;
}
