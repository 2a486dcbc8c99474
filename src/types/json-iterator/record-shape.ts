import type { JsonValue } from "./json-value.js";

/** Builds an object from the values of its keys, found at `values[base]` onwards. */
export type ObjectBuilder = (values: readonly JsonValue[], base: number) => JsonValue;

/**
 * The keys of an object as they appear in the text, in order: what records
 * of a JSON Lines file usually share, line after line.
 *
 * Its builder is an object literal compiled once for these keys. V8 gives a
 * literal a ready-made hidden class and allocates it inline, so building a
 * record this way costs about a tenth of setting its keys one by one, and
 * that difference is what lets the reader keep pace with orjson. The
 * literal's semantics match `JSON.parse` exactly: keys in text order
 * (integer-like keys first, as for any object), a repeated key keeps its
 * first place and its last value.
 */
export class RecordShape {
  readonly keys: readonly string[];
  /** Each key as it must appear in the text, quotes included: `"id"`. */
  readonly tokens: readonly string[];
  /** The shapes last seen for objects inside the value of each key (or in its arrays). */
  readonly children: (RecordShape | undefined)[];
  readonly build: ObjectBuilder;

  constructor(keys: readonly string[]) {
    this.keys = keys;
    this.tokens = keys.map((key) => JSON.stringify(key));
    this.children = keys.map(() => undefined);
    this.build = compileBuilder(keys);
  }
}

/** Keys that cannot be a shape: `__proto__` in a literal would set the prototype instead. */
const PROTO = "__proto__";

/** More keys than records usually have; wider objects are left to `JSON.parse`. */
export const MAX_SHAPE_KEYS = 128;

/**
 * The shapes met while reading one stream, found by their key list. Bounded:
 * a stream of ever-changing keys stops compiling after `limit` shapes, and
 * its further objects take the slow path.
 */
export class ShapeRegistry {
  readonly #shapes = new Map<string, RecordShape>();
  readonly #limit: number;

  constructor(limit = 256) {
    this.#limit = limit;
  }

  /**
   * The shape for these keys, compiled on first use; undefined when none may
   * be made. The keys must hold no control character (raw JSON keys never
   * do) and must not be views on a larger string, which the shape would keep.
   */
  shapeOf(keys: readonly string[]): RecordShape | undefined {
    // The count tells `{}` from `{"": …}`; U+0001 cannot occur inside a key.
    const id = `${keys.length}\u0001${keys.join("\u0001")}`;
    const known = this.#shapes.get(id);
    if (known !== undefined) return known;
    if (this.#shapes.size >= this.#limit || keys.length > MAX_SHAPE_KEYS) return undefined;
    if (keys.includes(PROTO)) return undefined;
    const shape = new RecordShape(keys);
    this.#shapes.set(id, shape);
    return shape;
  }
}

/**
 * `(v, b) => ({ "k0": v[b], "k1": v[b + 1], … })`. Each key enters the code
 * only through `JSON.stringify`, whose output is always a complete JavaScript
 * string literal (ES2019 made JSON a subset of JavaScript), so no key can
 * change what the code does.
 */
function compileBuilder(keys: readonly string[]): ObjectBuilder {
  const properties = keys.map((key, index) => `${JSON.stringify(key)}: v[b + ${index}]`);
  return new Function("v", "b", `return { ${properties.join(", ")} };`) as ObjectBuilder;
}
