/**
 * A byte sink for pickle opcodes (protocol 3, what `np.save` uses): each
 * method appends one opcode with its operand in the shortest form Python's
 * own pickler would choose.
 *
 * @see https://github.com/python/cpython/blob/main/Lib/pickletools.py (opcode reference)
 */

/** Opcodes this writer emits. */
export const OP = {
  PROTO: 0x80,
  STOP: 0x2e,
  MARK: 0x28,
  POP: 0x30,
  NONE: 0x4e,
  NEWTRUE: 0x88,
  NEWFALSE: 0x89,
  BININT: 0x4a,
  BININT1: 0x4b,
  BININT2: 0x4d,
  LONG1: 0x8a,
  LONG4: 0x8b,
  BINFLOAT: 0x47,
  BINUNICODE: 0x58,
  SHORT_BINBYTES: 0x43,
  BINBYTES: 0x42,
  EMPTY_LIST: 0x5d,
  APPENDS: 0x65,
  EMPTY_TUPLE: 0x29,
  TUPLE: 0x74,
  TUPLE1: 0x85,
  TUPLE2: 0x86,
  TUPLE3: 0x87,
  EMPTY_DICT: 0x7d,
  SETITEMS: 0x75,
  GLOBAL: 0x63,
  REDUCE: 0x52,
  BUILD: 0x62,
  BINPUT: 0x71,
  LONG_BINPUT: 0x72,
  BINGET: 0x68,
  LONG_BINGET: 0x6a,
} as const;

/** Items per APPENDS / SETITEMS batch, as Python batches them. */
export const BATCH_SIZE = 1000;

/** A growing buffer of pickle bytes. */
export class PickleWriter {
  #bytes = new Uint8Array(256);
  #view = new DataView(this.#bytes.buffer);
  #length = 0;

  /** The bytes written so far (a view; valid until the next write). */
  bytes(): Uint8Array {
    return this.#bytes.subarray(0, this.#length);
  }

  op(code: number): void {
    this.#reserve(1);
    this.#bytes[this.#length++] = code;
  }

  /** An int that fits a number exactly, in the shortest of BININT1, BININT2, BININT, LONG1. */
  int(value: number): void {
    if (value >= 0 && value <= 0xff) {
      this.op(OP.BININT1);
      this.op(value);
    } else if (value >= 0 && value <= 0xffff) {
      this.op(OP.BININT2);
      this.#reserve(2);
      this.#view.setUint16(this.#length, value, true);
      this.#length += 2;
    } else if (value >= -(2 ** 31) && value < 2 ** 31) {
      this.op(OP.BININT);
      this.#reserve(4);
      this.#view.setInt32(this.#length, value, true);
      this.#length += 4;
    } else {
      this.bigint(BigInt(value));
    }
  }

  /** Any Python int, as LONG1 / LONG4: little-endian two's complement, fewest bytes. */
  bigint(value: bigint): void {
    if (value >= -(2n ** 31n) && value < 2n ** 31n) {
      this.int(Number(value));
      return;
    }
    const bytes: number[] = [];
    let rest = value;
    // Emit bytes until the remainder is pure sign extension of the last byte's top bit.
    for (;;) {
      const byte = Number(BigInt.asUintN(8, rest));
      bytes.push(byte);
      rest >>= 8n;
      if ((rest === 0n && (byte & 0x80) === 0) || (rest === -1n && (byte & 0x80) !== 0)) break;
    }
    if (bytes.length < 256) {
      this.op(OP.LONG1);
      this.op(bytes.length);
    } else {
      this.op(OP.LONG4);
      this.#u32(bytes.length);
    }
    this.#raw(Uint8Array.from(bytes));
  }

  /** BINFLOAT: a big-endian IEEE double (NaN payloads kept). */
  float(value: number): void {
    this.op(OP.BINFLOAT);
    this.#reserve(8);
    this.#view.setFloat64(this.#length, value, false);
    this.#length += 8;
  }

  /** BINUNICODE of UTF-8 text (the caller checks the string is well formed). */
  string(text: string): void {
    const utf8 = Buffer.from(text, "utf8");
    this.op(OP.BINUNICODE);
    this.#u32(utf8.length);
    this.#raw(utf8);
  }

  /** SHORT_BINBYTES or BINBYTES. */
  bytesValue(bytes: Uint8Array): void {
    if (bytes.length < 256) {
      this.op(OP.SHORT_BINBYTES);
      this.op(bytes.length);
    } else {
      this.op(OP.BINBYTES);
      this.#u32(bytes.length);
    }
    this.#raw(bytes);
  }

  /** GLOBAL "module\nname\n". */
  global(module: string, name: string): void {
    this.op(OP.GLOBAL);
    this.#raw(Buffer.from(`${module}\n${name}\n`, "utf8"));
  }

  /** Stores the top of the stack in memo slot `key`. */
  put(key: number): void {
    if (key < 256) {
      this.op(OP.BINPUT);
      this.op(key);
    } else {
      this.op(OP.LONG_BINPUT);
      this.#u32(key);
    }
  }

  /** Pushes memo slot `key`. */
  get(key: number): void {
    if (key < 256) {
      this.op(OP.BINGET);
      this.op(key);
    } else {
      this.op(OP.LONG_BINGET);
      this.#u32(key);
    }
  }

  #u32(value: number): void {
    if (value > 0xffffffff) throw new RangeError("a pickle item above 4 GiB needs protocol 4");
    this.#reserve(4);
    this.#view.setUint32(this.#length, value, true);
    this.#length += 4;
  }

  #raw(bytes: Uint8Array): void {
    this.#reserve(bytes.length);
    this.#bytes.set(bytes, this.#length);
    this.#length += bytes.length;
  }

  #reserve(extra: number): void {
    const needed = this.#length + extra;
    if (needed <= this.#bytes.length) return;
    let capacity = this.#bytes.length * 2;
    while (capacity < needed) capacity *= 2;
    const grown = new Uint8Array(capacity);
    grown.set(this.bytes());
    this.#bytes = grown;
    this.#view = new DataView(grown.buffer);
  }
}
