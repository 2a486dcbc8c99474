import type { AnyDescriptor } from "../engine/descriptor.js";
import { TypeMismatchError } from "../engine/errors.js";

const refMarker = Symbol.for("flytekit-ts.ref");

/**
 * A promise of a value inside a workflow body: an output of an upstream
 * node, or one of the workflow's inputs. Task calls inside a workflow body
 * return these in place of values; the executor resolves them.
 */
export interface Ref {
  readonly [refMarker]: true;
  /** Node id of the producer, or `undefined` for a workflow input. */
  readonly node: string | undefined;
  /** Output name on the node, or the workflow input's name. */
  readonly name: string;
  readonly descriptor: AnyDescriptor;
}

export function makeRef(node: string | undefined, name: string, descriptor: AnyDescriptor): Ref {
  const source =
    node === undefined ? `workflow input "${name}"` : `output "${name}" of node ${node}`;
  return Object.freeze({
    [refMarker]: true as const,
    node,
    name,
    descriptor,
    // Refs are typed as the values they stand for, so `x * 2` or `${x}` in a
    // workflow body compiles; computing with one fails loudly here instead
    // of quietly giving NaN or "[object Object]".
    [Symbol.toPrimitive](): never {
      throw new TypeMismatchError(
        `cannot compute with ${source} while building a workflow: it is a reference to a future ` +
          "value; pass it to a task, or do the computation inside a task",
      );
    },
  });
}

export function isRef(value: unknown): value is Ref {
  return typeof value === "object" && value !== null && refMarker in value;
}

/** True when `value` holds a ref anywhere inside arrays or plain objects. */
export function containsRef(value: unknown, depth = 0): boolean {
  if (isRef(value)) return true;
  if (depth > 8 || typeof value !== "object" || value === null) return false;
  if (Array.isArray(value)) return value.some((item) => containsRef(item, depth + 1));
  if (Object.getPrototypeOf(value) !== Object.prototype) return false;
  return Object.values(value).some((item) => containsRef(item, depth + 1));
}
