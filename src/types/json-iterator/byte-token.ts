/**
 * A short run of bytes to recognise in a text, such as a key and its colon
 * (`"name":`), compared four bytes at a time.
 *
 * Keys are matched once per key per record, so this comparison is among the
 * hottest code of the reader. A `DataView` read of 32 bits compiles to one
 * machine load, and comparing a 7-byte key as two overlapping words is about
 * ten times quicker than a loop over its bytes. The first two words are kept
 * in fields, which is all a key of up to 8 bytes needs.
 */
export class ByteToken {
  readonly bytes: Uint8Array;
  readonly length: number;
  /** The token read as little-endian 32-bit words at `#offsets`. */
  readonly #words: Int32Array;
  /** 0, 4, 8, … and, for a length not a multiple of 4, a last word ending with the token. */
  readonly #offsets: Int32Array;
  readonly #first: number;
  readonly #second: number;
  readonly #secondAt: number;

  /** `bytes` is kept: pass a copy, not a view on a larger buffer. */
  constructor(bytes: Uint8Array) {
    this.bytes = bytes;
    this.length = bytes.length;
    const count = Math.ceil(bytes.length / 4);
    this.#offsets = Int32Array.from({ length: count }, (_, k) =>
      Math.max(0, Math.min(4 * k, bytes.length - 4)),
    );
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.length);
    this.#words = this.#offsets.map((offset) =>
      bytes.length >= 4 ? view.getInt32(offset, true) : 0,
    );
    this.#first = this.#words[0] ?? 0;
    this.#second = this.#words[1] ?? this.#first;
    this.#secondAt = this.#offsets[1] ?? 0;
  }

  /** True when `bytes` (seen through `view`, of the same memory) hold the token at `pos`. */
  matches(view: DataView, bytes: Uint8Array, pos: number): boolean {
    const length = this.length;
    if (pos + length > bytes.length) return false;
    if (length < 4) return this.#matchesBytes(bytes, pos);
    if (view.getInt32(pos, true) !== this.#first) return false;
    if (view.getInt32(pos + this.#secondAt, true) !== this.#second) return false;
    return length <= 8 || this.#matchesRest(view, pos);
  }

  /** The words after the second, for a token longer than 8 bytes. */
  #matchesRest(view: DataView, pos: number): boolean {
    const words = this.#words;
    const offsets = this.#offsets;
    for (let k = 2; k < words.length; k++) {
      if (view.getInt32(pos + (offsets[k] as number), true) !== words[k]) return false;
    }
    return true;
  }

  #matchesBytes(bytes: Uint8Array, pos: number): boolean {
    for (let k = 0; k < this.length; k++) if (bytes[pos + k] !== this.bytes[k]) return false;
    return true;
  }
}
