import { FastLineParser, MISS } from "./fast-line-parser.js";
import type { JsonValue } from "./json-value.js";
import type { DecodedLines, InvalidUtf8Line, LineBlock, LineTooLong } from "./line-splitter.js";
import { type BatchDecoder, END } from "./record-iterator.js";

/** Marks a line that yields no record. */
export const SKIP: unique symbol = Symbol("skip");

/**
 * Decodes one line exactly, numbered from 1: a line's text (without its line
 * break), or a line the splitter could not decode. Returns SKIP for a line
 * that yields no record; throws what ends the iteration.
 */
export type ExactDecoder = (
  line: string | InvalidUtf8Line | LineTooLong,
  lineNumber: number,
) => JsonValue | typeof SKIP;

const LF = 0x0a;
const CR = 0x0d;
const NO_LINES: DecodedLines = { bytes: Buffer.alloc(0), latin1: "", ascii: true };

/** After this many misses in a row the fast parser is tried only every 2^10 lines. */
const MAX_BACKOFF_EXPONENT = 10;

/**
 * The records of the line blocks of one stream, decoded one line at a time:
 * by the {@link FastLineParser} straight from the block's bytes, and by the
 * exact decoder (a string per line) for the lines it declines.
 *
 * A file whose lines the fast parser keeps declining (every line holding
 * `NaN`, say) should not pay for trying it on each: after each miss it is
 * skipped for the next 1, 3, 7, … lines, and a hit resets that.
 */
export class LineRecords implements BatchDecoder<readonly LineBlock[], JsonValue> {
  readonly #exact: ExactDecoder;
  readonly #fast = new FastLineParser();
  #blocks: readonly LineBlock[] = [];
  #nextBlock = 0;
  /** The lines in hand, and where the next one starts. */
  #lines = NO_LINES;
  #pos = 0;
  #lineNumber = 0;
  #missesInARow = 0;
  #linesBeforeFastTry = 0;

  constructor(exact: ExactDecoder) {
    this.#exact = exact;
  }

  load(blocks: readonly LineBlock[]): void {
    this.#blocks = blocks;
    this.#nextBlock = 0;
    this.#lines = NO_LINES;
    this.#pos = 0;
  }

  clear(): void {
    this.load([]);
  }

  next(): JsonValue | typeof END {
    for (;;) {
      let record: JsonValue | typeof SKIP;
      if (this.#pos < this.#lines.bytes.length) {
        record = this.#line();
      } else {
        const block = this.#blocks[this.#nextBlock++];
        if (block === undefined) return END;
        if (block.fault === undefined) {
          this.#lines = block;
          this.#pos = 0;
          this.#fast.load(block);
          continue;
        }
        record = this.#exact(block, ++this.#lineNumber);
      }
      if (record !== SKIP) return record;
    }
  }

  /** The record of the line at `#pos`, moving past it first. */
  #line(): JsonValue | typeof SKIP {
    const lineNumber = ++this.#lineNumber;
    const start = this.#pos;
    if (this.#linesBeforeFastTry === 0) {
      const value = this.#fast.parse(start);
      if (value !== MISS) {
        this.#pos = this.#fast.next;
        this.#missesInARow = 0;
        return value;
      }
      this.#missesInARow = Math.min(this.#missesInARow + 1, MAX_BACKOFF_EXPONENT);
      this.#linesBeforeFastTry = 2 ** this.#missesInARow - 1;
    } else {
      this.#linesBeforeFastTry--;
    }
    const { bytes, latin1, ascii } = this.#lines;
    const lineFeed = bytes.indexOf(LF, start);
    this.#pos = lineFeed + 1;
    const end = lineFeed > start && bytes[lineFeed - 1] === CR ? lineFeed - 1 : lineFeed;
    const text = ascii ? latin1.slice(start, end) : bytes.toString("utf8", start, end);
    return this.#exact(text, lineNumber);
  }
}
