import type { ByteToken } from "./byte-token.js";
import type { JsonValue } from "./json-value.js";

/** Builds an object from the values of its keys, found at `values[base]` onwards. */
export type ObjectBuilder = (values: readonly JsonValue[], base: number) => JsonValue;

/** A key met after a given sequence of keys, and where it leads. */
export interface KeyEdge {
  readonly key: string;
  /** The key and its colon as written when learnt, the bytes to match: `"id":`. */
  readonly token: ByteToken;
  /** The keys so far, this one included. */
  readonly next: KeyNode;
  /** Where objects inside this key's value (or inside its arrays) learn their keys. */
  readonly inner: KeyNode;
}

/**
 * How many nodes and builders one stream may create. A stream of ever-new
 * keys (ids used as keys, say) stops learning there, and its further objects
 * take the exact parser.
 */
export class KeyBudget {
  nodes = 0;
  builders = 0;
  constructor(
    readonly maxNodes = 4096,
    readonly maxBuilders = 512,
  ) {}
}

/** More keys than a record usually has; wider objects are left to `JSON.parse`. */
const MAX_KEYS = 128;

/** `__proto__` as a literal's key would set the prototype, not make a property. */
const PROTO = "__proto__";

/**
 * A node of the tree of key sequences met at one place in the records,
 * much as V8 chains hidden classes: the root is an object with no keys yet,
 * each edge adds the next key. Records sharing keys share a path, an
 * optional key is one more edge, and parsing an object is one token comparison
 * per key along the path.
 *
 * An object that ends at a node is built by a literal compiled once for the
 * node's keys. V8 gives a literal a ready-made hidden class and allocates it
 * inline, so this costs about a tenth of setting the keys one by one, and
 * that difference is what lets the reader keep pace with orjson. The
 * literal's semantics match `JSON.parse`: keys in text order (integer-like
 * keys first, as for any object); a repeated key keeps its first place and
 * its last value.
 */
export class KeyNode {
  readonly keys: readonly string[];
  readonly edges: KeyEdge[] = [];
  readonly #budget: KeyBudget;
  #builder: ObjectBuilder | undefined;

  constructor(budget: KeyBudget, keys: readonly string[] = []) {
    this.#budget = budget;
    this.keys = keys;
  }

  /** The edge of a key already learnt here, whatever the token it was learnt by. */
  edgeOf(key: string): KeyEdge | undefined {
    return this.edges.find((edge) => edge.key === key);
  }

  /**
   * A new edge for `key`, written as `token` (key and colon) in the text;
   * undefined when the budget is spent or the key cannot be a property of a
   * literal. Neither may be a view on a larger string or buffer, which the
   * tree would keep alive.
   */
  learn(key: string, token: ByteToken): KeyEdge | undefined {
    const budget = this.#budget;
    if (key === PROTO || this.keys.length >= MAX_KEYS || budget.nodes + 2 > budget.maxNodes) {
      return undefined;
    }
    budget.nodes += 2;
    const edge: KeyEdge = {
      key,
      token,
      next: new KeyNode(budget, [...this.keys, key]),
      inner: new KeyNode(budget),
    };
    this.edges.push(edge);
    return edge;
  }

  /**
   * The builder for objects with exactly these keys; undefined when the
   * budget is spent or code cannot be compiled here.
   */
  builder(): ObjectBuilder | undefined {
    const budget = this.#budget;
    if (this.#builder === undefined && budget.builders < budget.maxBuilders && canCompile) {
      try {
        this.#builder = compileBuilder(this.keys);
        budget.builders++;
      } catch {
        // Code generation is switched off (--disallow-code-generation-from-strings, a
        // content security policy): objects are left to JSON.parse from now on.
        canCompile = false;
      }
    }
    return this.#builder;
  }
}

/** False once compiling a builder has failed: the process does not allow it. */
let canCompile = true;

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
