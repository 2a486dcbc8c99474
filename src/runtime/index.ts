export { type Execution, execute, executeLiterals } from "./call.js";
export {
  DATA_DIR_ENV,
  DEFAULT_DATA_DIR,
  RAW_OUTPUT_PREFIX_ENV,
  resolveStorage,
  type StorageOptions,
} from "./config.js";
export type { Graph } from "./execute-graph.js";
export type { Binding, GraphNode, Runnable } from "./graph.js";
export {
  type InputArgs,
  type OutputAccepts,
  type OutputSpec,
  type OutputValues,
  outputMap,
  SINGLE_OUTPUT_NAME,
} from "./interface.js";
export {
  executionDir,
  INPUTS_FILE,
  OUTPUTS_FILE,
  readLiteralMap,
  writeLiteralMap,
} from "./records.js";
export { createRunContext, type RunContext, type RunOptions } from "./run-context.js";
export { type Task, type TaskFunction, type TaskOptions, task } from "./task.js";
export { type Workflow, type WorkflowBody, type WorkflowOptions, workflow } from "./workflow.js";
