/**
 * Helpers for the fast parser's tests: running it over the lines of a text
 * as the reader does, and a comparison strict enough to tell its values from
 * `JSON.parse`'s (the sign of zero, key order, plain prototypes).
 */
import { expect } from "vitest";
import { FastLineParser, MISS } from "../../../src/types/json-iterator/fast-line-parser.js";
import type { JsonValue } from "../../../src/types/json-iterator/json-value.js";
import { LineSplitter } from "../../../src/types/json-iterator/line-splitter.js";

/** One line's outcome: the fast parser's value or MISS, and the line's own text. */
export interface FastOutcome {
  readonly line: string;
  readonly value: JsonValue | typeof MISS;
}

/**
 * Feeds `text` (lines ending with LF) through the splitter and one fast
 * parser, as the reader does, checking that each accepted line ends where
 * its LF is.
 */
export function parseFast(text: string, parser = new FastLineParser()): FastOutcome[] {
  const splitter = new LineSplitter(1 << 30);
  const outcomes: FastOutcome[] = [];
  for (const block of [...splitter.push(Buffer.from(text)), ...splitter.end()]) {
    if (block.fault !== undefined) throw new Error(`unexpected ${block.fault}`);
    parser.load(block);
    for (let start = 0; start < block.bytes.length; ) {
      const lineFeed = block.bytes.indexOf(0x0a, start);
      const value = parser.parse(start);
      if (value !== MISS) expect(parser.next).toBe(lineFeed + 1);
      outcomes.push({ line: block.bytes.toString("utf8", start, lineFeed), value });
      start = lineFeed + 1;
    }
  }
  return outcomes;
}

/** Why `actual` is not exactly `expected`, or undefined when it is. */
export function difference(actual: unknown, expected: unknown, path = "$"): string | undefined {
  if (typeof actual !== typeof expected) return `${path}: ${typeof actual} ≠ ${typeof expected}`;
  if (typeof expected === "number") {
    return Object.is(actual, expected) ? undefined : `${path}: ${actual} ≠ ${expected}`;
  }
  if (expected === null || typeof expected !== "object") {
    return actual === expected ? undefined : `${path}: ${String(actual)} ≠ ${String(expected)}`;
  }
  if (actual === null) return `${path}: null`;
  if (Object.getPrototypeOf(actual) !== Object.getPrototypeOf(expected)) {
    return `${path}: another prototype`;
  }
  const actualKeys = Object.keys(actual as object);
  const expectedKeys = Object.keys(expected);
  if (actualKeys.join("\u0000") !== expectedKeys.join("\u0000")) {
    return `${path}: keys ${JSON.stringify(actualKeys)} ≠ ${JSON.stringify(expectedKeys)}`;
  }
  for (const key of expectedKeys) {
    const inner = difference(
      (actual as Record<string, unknown>)[key],
      (expected as Record<string, unknown>)[key],
      `${path}.${key}`,
    );
    if (inner !== undefined) return inner;
  }
  return undefined;
}

/**
 * The fast parser either declines a line or agrees with `JSON.parse` on it
 * exactly; a line `JSON.parse` refuses must be declined.
 */
export function expectAgreesWithJsonParse(outcome: FastOutcome): void {
  let expected: unknown;
  try {
    expected = JSON.parse(outcome.line);
  } catch {
    expect(outcome.value, `accepted invalid JSON ${outcome.line}`).toBe(MISS);
    return;
  }
  if (outcome.value === MISS) return;
  expect(difference(outcome.value, expected), outcome.line).toBeUndefined();
}
