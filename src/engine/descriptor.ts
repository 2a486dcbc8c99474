/**
 * Type descriptors: runtime objects that name a type family and carry its
 * options, and that also carry two static types for inference.
 *
 * `Value` is what a task function receives; `Accepts` is what a task may
 * return (or a caller may pass). They differ for rich types: a typed
 * iterator output accepts any iterable but arrives as a lazy iterator.
 */

declare const valueType: unique symbol;
declare const acceptsType: unique symbol;

/** A type descriptor such as `t.int` or `t.ndarray()`. */
export interface Descriptor<Value = unknown, Accepts = Value> {
  /** Key of the transformer that owns this descriptor. */
  readonly kind: string;
  /** Phantom: the value a task receives. Never set at runtime. */
  readonly [valueType]?: Value;
  /** Phantom: the values a task may return. Never set at runtime. */
  readonly [acceptsType]?: Accepts;
}

/** Any descriptor, whatever its static types. */
// biome-ignore lint/suspicious/noExplicitAny: the one place where descriptor variance is erased.
export type AnyDescriptor = Descriptor<any, any>;

/** The value a task function receives for descriptor `D`. */
export type ValueOf<D> = D extends Descriptor<infer V, infer _A> ? V : never;

/** The values a task function may return for descriptor `D`. */
export type AcceptsOf<D> = D extends Descriptor<infer _V, infer A> ? A : never;

/** A named set of descriptors: a task's inputs or named outputs. */
export type DescriptorMap = Readonly<Record<string, AnyDescriptor>>;

/** Values received for each descriptor of a map. */
export type ValuesOf<M extends DescriptorMap> = { [K in keyof M]: ValueOf<M[K]> };

/** Values accepted for each descriptor of a map. */
export type AcceptedOf<M extends DescriptorMap> = { [K in keyof M]: AcceptsOf<M[K]> };

/** Builds a descriptor; the static types are fixed by the caller's annotation. */
export function descriptor<V, A = V, O extends object = object>(
  kind: string,
  options?: O,
): Descriptor<V, A> & Readonly<O> {
  return Object.freeze({ kind, ...(options ?? {}) }) as Descriptor<V, A> & Readonly<O>;
}
