import { isUtf8 } from "node:buffer";

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

/** One line of the file: its text, or why there is none. */
export type SplitLine = string | InvalidUtf8Line | LineTooLong;

const LF = 0x0a;
const UTF8_BOM = Buffer.from([0xef, 0xbb, 0xbf]);

/**
 * Cuts a byte stream into lines at LF, the only record separator in JSON
 * Lines (https://jsonlines.org), and decodes them as UTF-8.
 *
 * Memory stays bounded: complete lines are decoded a chunk at a time, and a
 * line spread over several chunks is kept only up to `maxLineBytes`. The line
 * break and one CR before it are removed, and so is one byte order mark at
 * the very start of the stream. Nothing else is touched: a second BOM or a
 * bare CR stays in the text, where the JSON parser refuses it.
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
  push(chunk: Buffer): SplitLine[] {
    const lines: SplitLine[] = [];
    if (this.#failed) return lines;
    const firstBreak = chunk.indexOf(LF);
    if (firstBreak === -1) {
      this.#keep(chunk, lines);
      return lines;
    }

    let start = 0;
    if (this.#pending.length > 0) {
      this.#keep(chunk.subarray(0, firstBreak), lines);
      if (this.#failed) return lines;
      this.#emit(Buffer.concat(this.#pending, this.#pendingBytes), lines);
      this.#pending = [];
      this.#pendingBytes = 0;
      start = firstBreak + 1;
    }

    const lastBreak = chunk.lastIndexOf(LF);
    if (lastBreak >= start) this.#emitRegion(chunk.subarray(start, lastBreak), lines);
    if (this.#failed) return lines;
    // Copied: a stream may reuse its chunk's memory after we return.
    if (lastBreak + 1 < chunk.length) this.#keep(Buffer.from(chunk.subarray(lastBreak + 1)), lines);
    return lines;
  }

  /** The last line, when the stream does not end with a line break. */
  end(): SplitLine[] {
    const lines: SplitLine[] = [];
    const rest = Buffer.concat(this.#pending, this.#pendingBytes);
    // A file holding only a BOM holds no lines, as Python's utf-8-sig reading sees it.
    const onlyBom = this.#atStart && rest.equals(UTF8_BOM);
    if (!this.#failed && rest.length > 0 && !onlyBom) this.#emit(rest, lines);
    this.#pending = [];
    this.#pendingBytes = 0;
    return lines;
  }

  /** Holds the start of an unfinished line, or reports it too long. */
  #keep(bytes: Buffer, lines: SplitLine[]): void {
    this.#pendingBytes += bytes.length;
    // One byte of slack for the CR of a CRLF, which does not count.
    if (this.#pendingBytes > this.#maxLineBytes + 1) {
      this.#fail(this.#pendingBytes, lines);
      return;
    }
    this.#pending.push(bytes);
  }

  /** Decodes LF-separated lines in one go when they are all valid UTF-8 (the usual case). */
  #emitRegion(region: Buffer, lines: SplitLine[]): void {
    if (region.length <= this.#maxLineBytes && isUtf8(region)) {
      const text = region.toString("utf8");
      let from = 0;
      for (;;) {
        const to = text.indexOf("\n", from);
        this.#emitText(to === -1 ? text.slice(from) : text.slice(from, to), lines);
        if (to === -1) return;
        from = to + 1;
      }
    }
    let from = 0;
    for (;;) {
      const to = region.indexOf(LF, from);
      this.#emit(region.subarray(from, to === -1 ? region.length : to), lines);
      if (this.#failed || to === -1) return;
      from = to + 1;
    }
  }

  /** Emits one complete line given as bytes. */
  #emit(bytes: Buffer, lines: SplitLine[]): void {
    const length =
      bytes.length > 0 && bytes[bytes.length - 1] === 0x0d ? bytes.length - 1 : bytes.length;
    if (length > this.#maxLineBytes) {
      this.#fail(bytes.length, lines);
    } else if (isUtf8(bytes)) {
      this.#emitText(bytes.toString("utf8"), lines);
    } else {
      this.#atStart = false;
      lines.push({ fault: "invalid_utf8", bytes: new Uint8Array(bytes) });
    }
  }

  /** Emits one decoded line, without its CR and (on line 1) its BOM. */
  #emitText(line: string, lines: SplitLine[]): void {
    let text = line;
    if (text.charCodeAt(text.length - 1) === 0x0d) text = text.slice(0, -1);
    if (this.#atStart) {
      this.#atStart = false;
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    }
    lines.push(text);
  }

  #fail(bytes: number, lines: SplitLine[]): void {
    this.#failed = true;
    this.#pending = [];
    this.#pendingBytes = 0;
    lines.push({ fault: "line_too_long", bytes });
  }
}
