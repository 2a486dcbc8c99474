import { stringifyRecord } from "./stringify-record.js";

/** What {@link describeJsonLines} found. */
export interface JsonLinesSummary {
  /** Number of records. */
  readonly count: number;
  /** The first records, at most `keep` of them. */
  readonly first: readonly unknown[];
  /** One line for people: `3 records, first: {"a":1}`. */
  readonly text: string;
}

/**
 * Counts the records of a JSON iterator (reading it once, in constant
 * memory) and keeps the first few, for a one-line summary in the CLI or a
 * log.
 */
export async function describeJsonLines(
  records: AsyncIterable<unknown> | Iterable<unknown>,
  options: { readonly keep?: number; readonly maxChars?: number } = {},
): Promise<JsonLinesSummary> {
  const keep = options.keep ?? 1;
  const maxChars = options.maxChars ?? 200;
  const first: unknown[] = [];
  let count = 0;
  for await (const record of records) {
    if (count < keep) first.push(record);
    count++;
  }
  const noun = count === 1 ? "record" : "records";
  const shown = first.map((record) => shorten(showRecord(record), maxChars)).join(", ");
  const text = count === 0 ? `0 ${noun}` : `${count} ${noun}, first: ${shown}`;
  return { count, first, text };
}

/** A record as the JSON line it would be written as, or a note when it has none. */
export function showRecord(record: unknown): string {
  try {
    return stringifyRecord(record);
  } catch {
    return String(record);
  }
}

function shorten(text: string, maxChars: number): string {
  return text.length > maxChars ? `${text.slice(0, maxChars)}…` : text;
}
