import type { AnyDescriptor } from "../engine/descriptor.js";
import { TypeMismatchError } from "../engine/errors.js";
import type { TypeEngine } from "../engine/type-engine.js";
import { literalTypesEqual } from "../model/compare.js";
import { describeLiteralType } from "../model/literal-types.js";
import type { Binding, GraphNode } from "./graph.js";
import type { Ref } from "./refs.js";

function sourceOf(ref: Ref, nodes: readonly GraphNode[]): string {
  if (ref.node === undefined) return `workflow input ${ref.name}`;
  const producer = nodes.find((node) => node.id === ref.node);
  return `output ${ref.name} of node ${ref.node}${producer ? ` (${producer.runnable.name})` : ""}`;
}

function check(
  engine: TypeEngine,
  workflow: string,
  where: string,
  binding: Binding,
  declared: AnyDescriptor,
  nodes: readonly GraphNode[],
): void {
  if (!("ref" in binding)) return;
  const expected = engine.literalType(declared);
  const bound = engine.literalType(binding.ref.descriptor);
  if (literalTypesEqual(expected, bound)) return;
  throw new TypeMismatchError(
    `workflow ${workflow}: ${where} is declared ${describeLiteralType(expected)} but is bound to ` +
      `${sourceOf(binding.ref, nodes)}, which is ${describeLiteralType(bound)}`,
    { task: workflow },
  );
}

/**
 * Checks, when the graph is built and before anything runs, that every task
 * output or workflow input is passed where a value of the same literal type
 * is declared — as Flyte's compiler does — so that a miswired workflow fails
 * at once instead of after its upstream tasks have run.
 */
export function checkBindings(
  engine: TypeEngine,
  workflow: string,
  nodes: readonly GraphNode[],
  outputs: Readonly<Record<string, Binding>>,
  outputDescriptors: Readonly<Record<string, AnyDescriptor>>,
): void {
  for (const node of nodes) {
    for (const [name, binding] of Object.entries(node.bindings)) {
      const where = `node ${node.id} (${node.runnable.name}) input ${name}`;
      check(engine, workflow, where, binding, node.runnable.inputs[name]!, nodes);
    }
  }
  for (const [name, binding] of Object.entries(outputs)) {
    check(engine, workflow, `output ${name}`, binding, outputDescriptors[name]!, nodes);
  }
}
