/**
 * A restricted reader of Python pickles (protocols 2 to 5) that only
 * rebuilds data: it runs the pickle opcode machine over plain JavaScript
 * values and never executes anything. Every `GLOBAL` is looked up in a table
 * the caller provides; a name that is not there ends the read with an error
 * naming it, before anything is called. A class the table allows is an
 * inert {@link PythonClass} value; calling it (REDUCE) is refused unless the
 * table rebuilds that call as data, and creating instances (NEWOBJ, OBJ,
 * INST) or setting a class's state (BUILD) is always refused, naming it.
 *
 * Python values map to: None → null, bool → boolean, int → number (bigint
 * beyond 2**53), float → number, str → string, bytes and bytearray →
 * Uint8Array, list → array, tuple → frozen array, dict → Map, set and
 * frozenset → Set, an allowed class → PythonClass.
 *
 * @see https://github.com/python/cpython/blob/main/Lib/pickletools.py (opcode reference)
 */
import { ALLOWED_CONSTRUCTORS } from "./builtin-globals.js";
import {
  type Buildable,
  decodeLong,
  type GlobalTable,
  isBuildable,
  isGlobal,
  latin1,
  type PickleCall,
  PickleError,
  type PickleGlobal,
  type PickleValue,
} from "./pickle-values.js";
import { PythonClass } from "./python-class.js";

/** Copying work allowed per pickle byte, plus a base: NumPy's own pickles need about 1. */
const WORK_PER_BYTE = 4;
const BASE_WORK = 1 << 20;

/** Deepest MARK nesting accepted; NumPy's pickles need a handful. */
const MAX_MARKS = 1000;

/** Runs the pickle in `bytes` and returns the value STOP leaves on the stack. */
export function unpickle(bytes: Uint8Array, lookup: GlobalTable): PickleValue {
  return new Machine(bytes, lookup).run();
}

class Machine {
  readonly #bytes: Uint8Array;
  readonly #view: DataView;
  readonly #lookup: GlobalTable;
  #pos = 0;
  #stack: PickleValue[] = [];
  readonly #marks: PickleValue[][] = [];
  readonly #memo = new Map<number, PickleValue>();
  readonly #pendingKeys = new Map<Buildable, number[]>();
  #work = 0;
  readonly #budget: number;

  constructor(bytes: Uint8Array, lookup: GlobalTable) {
    // A plain view, so that subarrays behave the same for a Node Buffer.
    this.#bytes = new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.length);
    this.#view = new DataView(bytes.buffer, bytes.byteOffset, bytes.length);
    this.#lookup = lookup;
    this.#budget = WORK_PER_BYTE * bytes.length + BASE_WORK;
  }

  run(): PickleValue {
    for (;;) {
      const at = this.#pos;
      const op = this.#u8();
      if (op === 0x2e) return this.#pop(); // STOP
      if (!this.#step(op)) {
        const name = `0x${op.toString(16).padStart(2, "0")}`;
        throw new PickleError(
          "unsupported_pickle",
          `opcode ${name} at byte ${at} is not supported`,
        );
      }
    }
  }

  /** Executes one opcode; false when the opcode is unknown or refused. */
  #step(op: number): boolean {
    // The current stack; opcodes that pop to a MARK use #push instead.
    const s = this.#stack;
    switch (op) {
      case 0x80: // PROTO
        this.#u8();
        return true;
      case 0x95: // FRAME: a length hint only
        this.#take(8);
        return true;
      case 0x28: // MARK
        if (this.#marks.length >= MAX_MARKS) this.#invalid(`more than ${MAX_MARKS} nested marks`);
        this.#marks.push(this.#stack);
        this.#stack = [];
        return true;
      case 0x30: // POP
        this.#pop();
        return true;
      case 0x31: // POP_MARK
        this.#popMark();
        return true;
      case 0x32: // DUP
        s.push(this.#top());
        return true;
      case 0x4e: // NONE
        s.push(null);
        return true;
      case 0x88: // NEWTRUE
      case 0x89: // NEWFALSE
        s.push(op === 0x88);
        return true;
      case 0x4a: // BININT
        s.push(this.#view.getInt32(this.#advance(4), true));
        return true;
      case 0x4b: // BININT1
        s.push(this.#u8());
        return true;
      case 0x4d: // BININT2
        s.push(this.#view.getUint16(this.#advance(2), true));
        return true;
      case 0x8a: // LONG1
        s.push(decodeLong(this.#take(this.#u8())));
        return true;
      case 0x8b: // LONG4
        s.push(decodeLong(this.#take(this.#u32())));
        return true;
      case 0x47: // BINFLOAT (big-endian double)
        s.push(this.#view.getFloat64(this.#advance(8), false));
        return true;
      case 0x58: // BINUNICODE
        s.push(this.#utf8(this.#take(this.#u32())));
        return true;
      case 0x8c: // SHORT_BINUNICODE
        s.push(this.#utf8(this.#take(this.#u8())));
        return true;
      case 0x8d: // BINUNICODE8
        s.push(this.#utf8(this.#take(this.#u64())));
        return true;
      case 0x54: // BINSTRING: a Python 2 str, read as latin1 (NumPy's encoding="latin1")
        s.push(latin1(this.#take(this.#view.getInt32(this.#advance(4), true))));
        return true;
      case 0x55: // SHORT_BINSTRING
        s.push(latin1(this.#take(this.#u8())));
        return true;
      case 0x42: // BINBYTES
        s.push(new Uint8Array(this.#take(this.#u32())));
        return true;
      case 0x43: // SHORT_BINBYTES
        s.push(new Uint8Array(this.#take(this.#u8())));
        return true;
      case 0x8e: // BINBYTES8
      case 0x96: // BYTEARRAY8
        s.push(new Uint8Array(this.#take(this.#u64())));
        return true;
      case 0x5d: // EMPTY_LIST
        s.push([]);
        return true;
      case 0x6c: // LIST
        this.#push(this.#popMark());
        return true;
      case 0x61: // APPEND
        this.#list(s.at(-2)).push(this.#pop());
        return true;
      case 0x65: {
        // APPENDS
        const items = this.#popMark();
        // A loop, not push(...items): a crafted mark can hold more items than a call takes.
        const list = this.#list(this.#top());
        for (const item of items) list.push(item);
        return true;
      }
      case 0x29: // EMPTY_TUPLE
        s.push(Object.freeze([]));
        return true;
      case 0x74: // TUPLE
        this.#push(Object.freeze(this.#popMark()));
        return true;
      case 0x85: // TUPLE1
      case 0x86: // TUPLE2
      case 0x87: {
        // TUPLE3
        const count = op - 0x84;
        if (s.length < count) this.#invalid("stack underflow");
        s.push(Object.freeze(s.splice(s.length - count, count)));
        return true;
      }
      case 0x7d: // EMPTY_DICT
        s.push(new Map());
        return true;
      case 0x64: // DICT
        this.#push(this.#pairs(this.#popMark(), new Map()));
        return true;
      case 0x73: {
        // SETITEM
        const value = this.#pop();
        const key = this.#pop();
        this.#dict(this.#top()).set(key, value);
        return true;
      }
      case 0x75: // SETITEMS
        this.#pairs(this.#popMark(), this.#dict(this.#top()));
        return true;
      case 0x8f: // EMPTY_SET
        s.push(new Set());
        return true;
      case 0x90: {
        // ADDITEMS
        const items = this.#popMark();
        const set = this.#top();
        if (!(set instanceof Set) || Object.isFrozen(set))
          this.#invalid("ADDITEMS target is not a set");
        for (const item of items) set.add(item);
        return true;
      }
      case 0x91: // FROZENSET
        this.#push(Object.freeze(new Set(this.#popMark())));
        return true;
      case 0x63: {
        // GLOBAL: "module\nname\n"
        const module = this.#line();
        s.push(this.#global(module, this.#line()));
        return true;
      }
      case 0x93: {
        // STACK_GLOBAL
        const name = this.#pop();
        const module = this.#pop();
        if (typeof module !== "string" || typeof name !== "string")
          this.#invalid("bad STACK_GLOBAL");
        s.push(this.#global(module, name));
        return true;
      }
      case 0x52: {
        // REDUCE
        const args = this.#pop();
        const callable = this.#pop();
        if (!Array.isArray(args)) this.#invalid("REDUCE arguments are not a tuple");
        const call = this.#callOf(callable);
        this.#charge(args);
        s.push(call(args));
        return true;
      }
      case 0x81: // NEWOBJ: cls.__new__(cls, *args)
      case 0x92: // NEWOBJ_EX
        return this.#refuseInstance(
          s.at(op === 0x81 ? -2 : -3),
          op === 0x81 ? "NEWOBJ" : "NEWOBJ_EX",
        );
      case 0x6f: // OBJ: MARK cls args... OBJ
        return this.#refuseInstance(this.#stack[0], "OBJ");
      case 0x69: {
        // INST "module\nname\n": looked up (and refused by name) before anything else.
        const module = this.#line();
        return this.#refuseInstance(this.#global(module, this.#line()), "INST");
      }
      case 0x62: {
        // BUILD
        const state = this.#pop();
        const target = this.#top();
        if (target instanceof PythonClass || isGlobal(target)) {
          throw new PickleError(
            "unsupported_pickle",
            `the pickle sets the state of ${nameOf(target)}, which is not allowed`,
          );
        }
        if (!isBuildable(target)) this.#invalid("BUILD on an object that takes no state");
        this.#charge(state);
        const done = target.setState(state);
        s[s.length - 1] = done;
        for (const key of this.#pendingKeys.get(target) ?? []) this.#memo.set(key, done);
        return true;
      }
      case 0x68: // BINGET
        s.push(this.#memoGet(this.#u8()));
        return true;
      case 0x6a: // LONG_BINGET
        s.push(this.#memoGet(this.#u32()));
        return true;
      case 0x71: // BINPUT
        this.#put(this.#u8());
        return true;
      case 0x72: // LONG_BINPUT
        this.#put(this.#u32());
        return true;
      case 0x94: // MEMOIZE
        this.#put(this.#memo.size);
        return true;
      default:
        return false;
    }
  }

  /**
   * Globals copy what they are given (a list into an array, bytes into
   * typed data). Through the memo one big list can be handed to them again
   * and again for a few bytes each, so their total work is bounded by the
   * pickle's own size.
   */
  #charge(args: PickleValue): void {
    const measure = (value: PickleValue, depth: number): number => {
      if (value instanceof Uint8Array) return value.length;
      if (value instanceof Set || value instanceof Map) return value.size;
      if (!Array.isArray(value)) return 0;
      let total = value.length;
      if (depth < 2) for (const item of value) total += measure(item, depth + 1);
      return total;
    };
    this.#work += measure(args, 0);
    if (this.#work > this.#budget) {
      throw new PickleError(
        "unsupported_pickle",
        `the pickle copies more than ${this.#budget} items or bytes, far beyond its own size`,
      );
    }
  }

  /** What REDUCE may call for `callable`; refuses, naming it, anything else. */
  #callOf(callable: PickleValue): PickleCall {
    if (isGlobal(callable) && callable.call) return callable.call;
    const call = callable instanceof PythonClass ? this.#lookup.constructorOf(callable) : undefined;
    if (call) return call;
    if (callable instanceof PythonClass || isGlobal(callable)) {
      throw new PickleError(
        "unsupported_pickle",
        `the pickle calls ${nameOf(callable)}, which is not allowed: classes are kept as inert ` +
          `references and never called (only ${ALLOWED_CONSTRUCTORS} are rebuilt)`,
      );
    }
    return this.#invalid("REDUCE of something not callable");
  }

  /** NEWOBJ, OBJ and INST would create an instance of a class: never allowed. */
  #refuseInstance(cls: PickleValue, opcode: string): never {
    const what = cls instanceof PythonClass || isGlobal(cls) ? nameOf(cls) : "a class";
    throw new PickleError(
      "unsupported_pickle",
      `the pickle creates an instance of ${what} (${opcode}), which is not allowed: ` +
        "only plain data and NumPy arrays are rebuilt",
    );
  }

  #global(module: string, name: string): PickleGlobal | PythonClass {
    const found = this.#lookup.resolve(module, name);
    if (!found) {
      throw new PickleError(
        "unsupported_pickle",
        `the pickle refers to ${module}.${name}, which is not allowed: only plain data ` +
          "(None, bool, int, float, str, bytes, list, tuple, dict, set), NumPy arrays and " +
          "references to a few builtin types are rebuilt",
      );
    }
    return found;
  }

  #invalid(reason: string): never {
    throw new PickleError("invalid_pickle", `malformed pickle at byte ${this.#pos}: ${reason}`);
  }

  #advance(length: number): number {
    if (length < 0) this.#invalid(`negative length ${length}`);
    if (length > this.#bytes.length - this.#pos) this.#invalid("pickle ends early");
    const at = this.#pos;
    this.#pos += length;
    return at;
  }

  #take(length: number): Uint8Array {
    const at = this.#advance(length);
    return this.#bytes.subarray(at, at + length);
  }

  #u8(): number {
    return this.#view.getUint8(this.#advance(1));
  }

  #u32(): number {
    return this.#view.getUint32(this.#advance(4), true);
  }

  #u64(): number {
    const value = this.#view.getBigUint64(this.#advance(8), true);
    // Lengths beyond the pickle fail in #take; this keeps the number exact.
    return value > BigInt(this.#bytes.length) ? Number.MAX_SAFE_INTEGER : Number(value);
  }

  #line(): string {
    const end = this.#bytes.indexOf(0x0a, this.#pos);
    if (end < 0) this.#invalid("GLOBAL without a newline");
    const text = latin1(this.#bytes.subarray(this.#pos, end));
    this.#pos = end + 1;
    return text;
  }

  #utf8(bytes: Uint8Array): string {
    // Python writes lone surrogates with "surrogatepass"; anything else invalid is refused.
    try {
      return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
    } catch {
      this.#invalid("string is not valid UTF-8");
    }
  }

  /** Pushes onto the current stack (after a mark was popped, `s` in #step is stale). */
  #push(value: PickleValue): void {
    this.#stack.push(value);
  }

  #pop(): PickleValue {
    if (this.#stack.length === 0) this.#invalid("stack underflow");
    return this.#stack.pop();
  }

  #top(): PickleValue {
    if (this.#stack.length === 0) this.#invalid("stack underflow");
    return this.#stack.at(-1);
  }

  #popMark(): PickleValue[] {
    const items = this.#stack;
    const previous = this.#marks.pop();
    if (!previous) this.#invalid("no MARK to pop to");
    this.#stack = previous;
    return items;
  }

  #put(key: number): void {
    const value = this.#top();
    this.#memo.set(key, value);
    // Remember where unfinished objects sit so that BUILD can swap in the finished value.
    if (isBuildable(value)) {
      const keys = this.#pendingKeys.get(value) ?? [];
      keys.push(key);
      this.#pendingKeys.set(value, keys);
    }
  }

  #memoGet(key: number): PickleValue {
    if (!this.#memo.has(key)) this.#invalid(`memo key ${key} was never stored`);
    return this.#memo.get(key);
  }

  #list(value: PickleValue): PickleValue[] {
    if (!Array.isArray(value) || Object.isFrozen(value)) this.#invalid("append to a non-list");
    return value;
  }

  #dict(value: PickleValue): Map<PickleValue, PickleValue> {
    if (!(value instanceof Map)) this.#invalid("set item on a non-dict");
    return value;
  }

  #pairs(items: PickleValue[], into: Map<PickleValue, PickleValue>): Map<PickleValue, PickleValue> {
    if (items.length % 2 !== 0) this.#invalid("odd number of dict items");
    for (let i = 0; i < items.length; i += 2) into.set(items[i], items[i + 1]);
    return into;
  }
}

/** `builtins.range` or `numpy.ndarray`, for messages. */
function nameOf(value: PythonClass | PickleGlobal): string {
  return value instanceof PythonClass ? value.qualifiedName : value.name;
}
