/**
 * Decodes the tagged value encoding of the fixture cases (see
 * test/fixtures/jsonl/CASES-LOG.md: `{"$float": "nan"}`,
 * `{"$int": "<decimal>"}`) into the values the reader must return.
 */
export function untag(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(untag);
  if (value === null || typeof value !== "object") return value;
  const record = value as Record<string, unknown>;
  if (typeof record.$float === "string") return tagFloat(record.$float);
  if (typeof record.$int === "string") return BigInt(record.$int);
  return Object.fromEntries(Object.entries(record).map(([key, inner]) => [key, untag(inner)]));
}

function tagFloat(tag: string): number {
  switch (tag) {
    case "nan":
      return Number.NaN;
    case "inf":
      return Number.POSITIVE_INFINITY;
    case "-inf":
      return Number.NEGATIVE_INFINITY;
    case "-0.0":
      return -0;
    default:
      throw new Error(`unknown $float tag ${tag}`);
  }
}
