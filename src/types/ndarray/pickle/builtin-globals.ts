/**
 * The Python builtins a pickle may name: a short list of types kept as
 * inert {@link PythonClass} values, and the few of them whose pickled
 * calls are rebuilt here as data (Python pickles sets, bytearrays, complex
 * numbers, `bytes` under protocol 2 and `type(None)` as calls). Every
 * other call of a class is refused by the unpickler.
 */
import {
  latin1Bytes,
  type PickleCall,
  PickleError,
  type PickleValue,
  pickleGlobal,
} from "./pickle-values.js";
import { builtinName, INERT_BUILTIN_TYPES, PythonClass } from "./python-class.js";

function invalid(reason: string): never {
  throw new PickleError("invalid_pickle", `malformed pickle: ${reason}`);
}

function iterableArg(args: readonly PickleValue[]): Iterable<PickleValue> {
  const items = args[0] ?? [];
  if (!Array.isArray(items)) invalid("set() of something other than a list");
  return items;
}

const builtin = (name: string) => PythonClass.intern("builtins", name);

/** Constructors rebuilt as data, by the Python 3 name of the class. */
const CONSTRUCTORS: ReadonlyMap<PythonClass, PickleCall> = new Map<PythonClass, PickleCall>([
  [
    builtin("complex"),
    (args) => {
      const [re = 0, im = 0] = args;
      if (typeof re !== "number" || typeof im !== "number") invalid("complex() of non-floats");
      return { re, im };
    },
  ],
  [builtin("set"), (args) => new Set(iterableArg(args))],
  [builtin("frozenset"), (args) => Object.freeze(new Set(iterableArg(args)))],
  [
    builtin("bytearray"),
    (args) => {
      if (args.length === 0) return new Uint8Array();
      if (args[0] instanceof Uint8Array) return args[0];
      if (typeof args[0] === "string" && args[1] === "latin-1") return latin1Bytes(args[0]);
      return invalid("unsupported bytearray() arguments");
    },
  ],
  [
    // Protocol 2 writes an empty `bytes` as `bytes()`.
    builtin("bytes"),
    (args) => {
      if (args.length === 0) return new Uint8Array();
      if (args.length === 1 && args[0] instanceof Uint8Array) return args[0];
      return invalid("unsupported bytes() arguments");
    },
  ],
  [
    // `NoneType` has no global name: Python pickles it as `type(None)`, the only call allowed.
    builtin("type"),
    (args) => {
      if (args.length === 1 && args[0] === null) return builtin("NoneType");
      throw new PickleError(
        "unsupported_pickle",
        "the pickle calls builtins.type() with arguments other than None, which could make a class",
      );
    },
  ],
]);

/** Protocol 2 pickles `bytes` from Python 3 as `_codecs.encode(text, "latin1")`. */
const codecsEncode = pickleGlobal("_codecs.encode", (args) => {
  if (typeof args[0] !== "string" || (args[1] !== "latin1" && args[1] !== "latin-1")) {
    invalid("_codecs.encode is only allowed with latin1");
  }
  return latin1Bytes(args[0]);
});

const INERT = new Set([...INERT_BUILTIN_TYPES, "type"]);

/** The value GLOBAL pushes for an allowed builtin, or `undefined` for any other name. */
export function resolveBuiltin(module: string, name: string) {
  if (module === "_codecs" && name === "encode") return codecsEncode;
  const python3 = builtinName(module, name);
  return python3 !== undefined && INERT.has(python3) ? builtin(python3) : undefined;
}

/** The rebuilding function for a call of `cls`, or `undefined` when calling it is refused. */
export function builtinConstructor(cls: PythonClass): PickleCall | undefined {
  return CONSTRUCTORS.get(cls);
}

/** What the unpickler says when a pickle names a class outside the allowlist. */
export const ALLOWED_CONSTRUCTORS = "set, frozenset, bytearray, bytes, complex and type(None)";
