import type {
  AcceptedOf,
  AcceptsOf,
  AnyDescriptor,
  DescriptorMap,
  ValueOf,
  ValuesOf,
} from "../engine/descriptor.js";

/** flytekit's name for the single output of a task declared with one descriptor. */
export const SINGLE_OUTPUT_NAME = "o0";

/** Outputs: one descriptor (named `o0`) or an object of named descriptors. */
export type OutputSpec = AnyDescriptor | DescriptorMap;

/** What a task or workflow gives back to its caller. */
export type OutputValues<O extends OutputSpec> = O extends AnyDescriptor
  ? ValueOf<O>
  : O extends DescriptorMap
    ? ValuesOf<O>
    : never;

/** What a task function may return. */
export type OutputAccepts<O extends OutputSpec> = O extends AnyDescriptor
  ? AcceptsOf<O>
  : O extends DescriptorMap
    ? AcceptedOf<O>
    : never;

/** Inputs may be omitted entirely when a task takes none. */
export type InputArgs<I extends DescriptorMap> = keyof I extends never
  ? [inputs?: AcceptedOf<I>]
  : [inputs: AcceptedOf<I>];

export function isSingleOutput(outputs: OutputSpec): outputs is AnyDescriptor {
  return typeof (outputs as { kind?: unknown }).kind === "string";
}

/** The outputs as a map of named descriptors. */
export function outputMap(outputs: OutputSpec): DescriptorMap {
  return isSingleOutput(outputs) ? { [SINGLE_OUTPUT_NAME]: outputs } : outputs;
}
