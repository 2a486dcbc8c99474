import type { ILiteral, ILiteralType } from "../model/flyteidl.js";
import type { TransformContext } from "./context.js";
import type { AnyDescriptor, Descriptor } from "./descriptor.js";

/**
 * Owns one type family: its literal type, both directions of conversion,
 * and optionally guessing a descriptor back from a literal type and an HTML
 * rendering for decks. Users register their own the same way.
 */
export interface TypeTransformer<D extends AnyDescriptor = AnyDescriptor> {
  /** Descriptor `kind` this transformer owns. */
  readonly kind: string;
  /** Human-readable name used in messages, such as `numpy array`. */
  readonly name: string;
  /** The LiteralType values of descriptor `d` travel as. */
  literalType(d: D, types: TypeLookup): ILiteralType;
  /** Converts a value the task returned (or a caller passed) into a literal. */
  toLiteral(ctx: TransformContext, value: unknown, d: D): Promise<ILiteral>;
  /** Converts a literal into the value a task receives. */
  toValue(ctx: TransformContext, literal: ILiteral, d: D): Promise<DescriptorValue<D>>;
  /**
   * The same conversion without waiting, offered by types that need no I/O
   * (primitives; lists and maps convert this way when their elements do).
   * It lets a typed-iterator input be walked with `for…of`. Throw a
   * FlytekitError with code `needs_async` when this descriptor cannot be
   * converted so (a list of arrays, say).
   */
  toValueSync?(ctx: TransformContext, literal: ILiteral, d: D): DescriptorValue<D>;
  /** A descriptor for a literal type produced elsewhere, or `undefined` if not ours. */
  guess?(type: ILiteralType, types: TypeLookup): AnyDescriptor | undefined;
  /** HTML rendering of a value for decks; must escape every text it embeds. */
  toHtml?(ctx: TransformContext, value: DescriptorValue<D>, d: D): Promise<string>;
  /** A short multi-line text of a value for people (the CLI prints it). */
  describe?(ctx: TransformContext, value: DescriptorValue<D>, d: D): Promise<string>;
  /** Releases resources a received value holds (open files), if any. */
  dispose?(value: DescriptorValue<D>): Promise<void>;
}

/** Lets a transformer look up its element types (for lists, maps, iterators). */
export interface TypeLookup {
  literalType(d: AnyDescriptor): ILiteralType;
  guess(type: ILiteralType): AnyDescriptor;
}

type DescriptorValue<D> = D extends Descriptor<infer V, infer _A> ? V : never;
