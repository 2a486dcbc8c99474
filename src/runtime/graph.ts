import { AsyncLocalStorage } from "node:async_hooks";
import type { DescriptorMap } from "../engine/descriptor.js";
import type { ILiteralMap } from "../model/flyteidl.js";
import type { OutputSpec } from "./interface.js";
import type { Ref } from "./refs.js";
import type { RunContext } from "./run-context.js";

/** Anything a workflow can run as a node: a task or another workflow. */
export interface Runnable {
  readonly name: string;
  readonly inputs: DescriptorMap;
  readonly outputs: OutputSpec;
  /**
   * Runs on literals: reads `inputs`, returns the output literals. `recordDir`
   * is the folder this run's own records go in.
   */
  runLiterals(run: RunContext, inputs: ILiteralMap, recordDir: string): Promise<ILiteralMap>;
}

/** What a node takes for one input: an upstream ref, or a constant converted when it runs. */
export type Binding = { readonly ref: Ref } | { readonly constant: unknown };

export interface GraphNode {
  readonly id: string;
  readonly runnable: Runnable;
  readonly bindings: Readonly<Record<string, Binding>>;
}

/** The nodes a workflow body produced, in call order. */
export class GraphBuilder {
  readonly nodes: GraphNode[] = [];

  add(runnable: Runnable, bindings: Record<string, Binding>): GraphNode {
    const node: GraphNode = { id: `n${this.nodes.length}`, runnable, bindings };
    this.nodes.push(node);
    return node;
  }
}

const building = new AsyncLocalStorage<GraphBuilder>();

/** The builder of the workflow body running now, if any. */
export function currentBuilder(): GraphBuilder | undefined {
  return building.getStore();
}

/** Runs a workflow body with task calls recorded into `builder`. */
export function withBuilder<T>(builder: GraphBuilder, body: () => T): T {
  return building.run(builder, body);
}
