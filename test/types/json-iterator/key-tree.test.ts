import { describe, expect, it } from "vitest";
import { ByteToken } from "../../../src/types/json-iterator/byte-token.js";
import { KeyBudget, KeyNode } from "../../../src/types/json-iterator/key-tree.js";

const token = (key: string) =>
  new ByteToken(new Uint8Array(Buffer.from(`${JSON.stringify(key)}:`)));

/** The node reached from `root` by `keys`, learning them on the way. */
function path(root: KeyNode, keys: readonly string[]): KeyNode | undefined {
  let node: KeyNode | undefined = root;
  for (const key of keys) node = (node?.edgeOf(key) ?? node?.learn(key, token(key)))?.next;
  return node;
}

describe("KeyNode", () => {
  it("builds objects as JSON.parse does: key order, index keys, repeated keys", () => {
    const cases: [string[], number[], string][] = [
      [["b", "a"], [1, 2], '{"b":1,"a":2}'],
      [["z", "10", "y", "2"], [1, 2, 3, 4], '{"z":1,"10":2,"y":3,"2":4}'],
      [["a", "b", "a"], [1, 2, 3], '{"a":1,"b":2,"a":3}'],
      [["constructor", "toString", 'we"ird\\key', ""], [1, 2, 3, 4], ""],
    ];
    for (const [keys, values, text] of cases) {
      const build = path(new KeyNode(new KeyBudget()), keys)?.builder();
      const built = build?.([0, ...values], 1);
      const expected =
        text === "" ? Object.fromEntries(keys.map((k, i) => [k, values[i]])) : JSON.parse(text);
      expect(built).toEqual(expected);
      expect(Object.keys(built as object)).toEqual(Object.keys(expected));
      expect(Object.getPrototypeOf(built)).toBe(Object.prototype);
    }
  });

  it("shares a path between records with the same keys and branches for an optional key", () => {
    const root = new KeyNode(new KeyBudget());
    const plain = path(root, ["id", "name"]);
    expect(path(root, ["id", "name"])).toBe(plain);
    const extended = path(root, ["id", "name", "extra"]);
    expect(extended?.keys).toEqual(["id", "name", "extra"]);
    expect(root.edges).toHaveLength(1);
  });

  it("refuses __proto__, which a literal would turn into the prototype", () => {
    expect(new KeyNode(new KeyBudget()).learn("__proto__", token("__proto__"))).toBeUndefined();
  });

  it("stops learning once the budget is spent, and the object is then left to JSON.parse", () => {
    const budget = new KeyBudget(6, 2);
    const root = new KeyNode(budget);
    expect(path(root, ["a", "b", "c"])).toBeDefined();
    expect(root.learn("d", token("d"))).toBeUndefined();
    expect(path(root, ["a"])?.builder()).toBeDefined();
    expect(path(root, ["a", "b"])?.builder()).toBeDefined();
    expect(path(root, ["a", "b", "c"])?.builder()).toBeUndefined();
  });
});
