import { isAscii, isUtf8 } from "node:buffer";

/** A line whose bytes are not valid UTF-8; the raw bytes are kept for the error handler. */
export interface InvalidUtf8Line {
  readonly fault: "invalid_utf8";
  readonly bytes: Uint8Array;
}

/** A line that grew past the limit; its bytes were not kept. */
export interface LineTooLong {
  readonly fault: "line_too_long";
  /** Bytes seen so far: at least the limit plus one. */
  readonly bytes: number;
}

/**
 * Whole lines of the file, each ending with LF (the CR of a CRLF still
 * before it), as bytes and as those same bytes read as Latin-1: one
 * character per byte, so that a position means the same in both. When
 * `ascii`, the Latin-1 text is the lines' text; otherwise it is right only
 * where the bytes are ASCII, and the rest must be decoded from `bytes`.
 * The bytes are valid UTF-8; they may be a view on the stream's chunk, which
 * Node's streams hand over to their reader for good.
 */
export interface DecodedLines {
  readonly fault?: undefined;
  readonly bytes: Buffer;
  readonly latin1: string;
  readonly ascii: boolean;
}

/** What the splitter hands out: whole lines, or a line that could not be decoded. */
export type LineBlock = DecodedLines | InvalidUtf8Line | LineTooLong;

const LF = 0x0a;
const CR = 0x0d;
const UTF8_BOM = Buffer.from([0xef, 0xbb, 0xbf]);
const LINE_FEED = Buffer.from([LF]);

/**
 * Lines come out in blocks of about this many bytes. Their Latin-1 text then
 * stays below V8's large-object size: a string of a whole 1 MiB chunk lives
 * in large-object space, and a stream of them keeps the old generation busy
 * with full collections.
 */
const BLOCK_BYTES = 64 * 1024;

/**
 * Cuts a byte stream into lines at LF, the only record separator in JSON
 * Lines (https://jsonlines.org), and decodes them as UTF-8.
 *
 * The complete lines of a chunk come out together, checked as UTF-8 and
 * decoded as Latin-1 in one call each (several times quicker than decoding
 * UTF-8, and the same for ASCII), so that a reader can parse them in place
 * instead of making a string per line. Memory stays bounded: a line spread
 * over several chunks is kept only up to `maxLineBytes`. One byte order mark
 * at the very start of the stream is removed. Nothing else is touched: a
 * second BOM or a bare CR stays in the text, for the JSON parser to judge.
 */
export class LineSplitter {
  readonly #maxLineBytes: number;
  #pending: Buffer[] = [];
  #pendingBytes = 0;
  #atStart = true;
  #failed = false;

  constructor(maxLineBytes: number) {
    this.#maxLineBytes = maxLineBytes;
  }

  /** The lines completed by `chunk`; after a `line_too_long` entry nothing more is returned. */
  push(chunk: Buffer): LineBlock[] {
    const blocks: LineBlock[] = [];
    if (this.#failed) return blocks;
    const firstBreak = chunk.indexOf(LF);
    if (firstBreak === -1) {
      this.#keep(chunk, blocks);
      return blocks;
    }

    let start = 0;
    if (this.#pending.length > 0) {
      this.#keep(chunk.subarray(0, firstBreak), blocks);
      if (this.#failed) return blocks;
      this.#emitLine(Buffer.concat(this.#pending, this.#pendingBytes), blocks);
      this.#pending = [];
      this.#pendingBytes = 0;
      start = firstBreak + 1;
    }

    const lastBreak = chunk.lastIndexOf(LF);
    if (lastBreak >= start) this.#emitRegion(chunk.subarray(start, lastBreak + 1), blocks);
    if (this.#failed) return blocks;
    // Copied, so that the start of an unfinished line does not keep the whole chunk alive.
    if (lastBreak + 1 < chunk.length) {
      this.#keep(Buffer.from(chunk.subarray(lastBreak + 1)), blocks);
    }
    return blocks;
  }

  /** The last line, when the stream does not end with a line break. */
  end(): LineBlock[] {
    const blocks: LineBlock[] = [];
    const rest = Buffer.concat(this.#pending, this.#pendingBytes);
    // A file holding only a BOM holds no lines, as Python's utf-8-sig reading sees it.
    const onlyBom = this.#atStart && rest.equals(UTF8_BOM);
    if (!this.#failed && rest.length > 0 && !onlyBom) this.#emitLine(rest, blocks);
    this.#pending = [];
    this.#pendingBytes = 0;
    return blocks;
  }

  /** Holds the start of an unfinished line, or reports it too long. */
  #keep(bytes: Buffer, blocks: LineBlock[]): void {
    this.#pendingBytes += bytes.length;
    // One byte of slack for the CR of a CRLF, which does not count.
    if (this.#pendingBytes > this.#maxLineBytes + 1) {
      this.#fail(this.#pendingBytes, blocks);
      return;
    }
    this.#pending.push(bytes);
  }

  /** Emits whole lines (the region ends with LF) in blocks when that is safe. */
  #emitRegion(region: Buffer, blocks: LineBlock[]): void {
    // No line of a region this short can pass the limit.
    const ascii = region.length <= this.#maxLineBytes && isAscii(region);
    if (ascii || (region.length <= this.#maxLineBytes && isUtf8(region))) {
      let from = 0;
      while (from < region.length) {
        const cut = region.lastIndexOf(LF, from + BLOCK_BYTES - 1);
        const to = (cut >= from ? cut : region.indexOf(LF, from + BLOCK_BYTES)) + 1;
        const piece = region.subarray(from, to);
        this.#emitLines(piece, ascii || isAscii(piece), blocks);
        from = to;
      }
      return;
    }
    let from = 0;
    while (from < region.length && !this.#failed) {
      const to = region.indexOf(LF, from);
      this.#emitLine(region.subarray(from, to), blocks);
      from = to + 1;
    }
  }

  /** Emits one line given as bytes without its LF. */
  #emitLine(bytes: Buffer, blocks: LineBlock[]): void {
    const length =
      bytes.length > 0 && bytes[bytes.length - 1] === CR ? bytes.length - 1 : bytes.length;
    if (length > this.#maxLineBytes) {
      this.#fail(bytes.length, blocks);
    } else if (isUtf8(bytes)) {
      this.#emitLines(Buffer.concat([bytes, LINE_FEED]), isAscii(bytes), blocks);
    } else {
      this.#atStart = false;
      blocks.push({ fault: "invalid_utf8", bytes: new Uint8Array(bytes) });
    }
  }

  /** Emits lines, without the BOM that may open the stream. */
  #emitLines(lines: Buffer, ascii: boolean, blocks: LineBlock[]): void {
    let bytes = lines;
    let isAsciiText = ascii;
    if (this.#atStart) {
      this.#atStart = false;
      if (bytes.subarray(0, UTF8_BOM.length).equals(UTF8_BOM)) {
        bytes = bytes.subarray(UTF8_BOM.length);
        isAsciiText = isAscii(bytes);
      }
    }
    blocks.push({ bytes, latin1: bytes.toString("latin1"), ascii: isAsciiText });
  }

  #fail(bytes: number, blocks: LineBlock[]): void {
    this.#failed = true;
    this.#pending = [];
    this.#pendingBytes = 0;
    blocks.push({ fault: "line_too_long", bytes });
  }
}
