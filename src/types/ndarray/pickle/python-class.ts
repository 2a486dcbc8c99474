/**
 * Inert references to Python classes. A pickle may name a class as a plain
 * value (NumPy's own test file holds `<class 'range'>`); the restricted
 * unpickler keeps such a reference as data and never calls it, except for
 * the few constructors it rebuilds itself (`set`, `frozenset`, `bytearray`,
 * `bytes`, `complex`).
 */

/**
 * A Python class named in a pickle, kept as an inert value: the item
 * `<class 'range'>` of an object array reads as
 * `PythonClass { module: "builtins", name: "range" }`. Nothing about it can
 * be called; it only says which class Python would hold there.
 *
 * Python 2 names are read as Python 3 reads them (`__builtin__.xrange` is
 * `builtins.range`), so one class has one spelling. Instances are unique
 * per name, so `===` compares them.
 *
 * @example
 * ```ts
 * const item = array.get(1);
 * if (item instanceof PythonClass && item.name === "range") { … }
 * String(item); // "<class 'range'>"
 * ```
 */
export class PythonClass {
  readonly module: string;
  readonly name: string;

  /** Use {@link PythonClass.intern}: one instance per name. */
  private constructor(module: string, name: string) {
    this.module = module;
    this.name = name;
    Object.freeze(this);
  }

  /** `module.name`, as Python's `__qualname__` with its module. */
  get qualifiedName(): string {
    return `${this.module}.${this.name}`;
  }

  /** Python's repr: `<class 'range'>` for builtins, `<class 'module.name'>` otherwise. */
  toString(): string {
    return `<class '${this.module === "builtins" ? this.name : this.qualifiedName}'>`;
  }

  /**
   * The one instance for `module.name`, to compare items with `===`. Making
   * one gives no power: only the builtin types of the allowlist are ever
   * read from or written to a pickle.
   */
  static intern(module: string, name: string): PythonClass {
    const key = `${module}.${name}`;
    let found = INTERNED.get(key);
    if (!found) {
      found = new PythonClass(module, name);
      INTERNED.set(key, found);
    }
    return found;
  }
}

const INTERNED = new Map<string, PythonClass>();

/**
 * The builtin types a pickle may name as values. Each is harmless as a
 * reference; being named here does not make a type callable.
 */
export const INERT_BUILTIN_TYPES: readonly string[] = Object.freeze([
  "range",
  "int",
  "float",
  "complex",
  "str",
  "bytes",
  "bytearray",
  "list",
  "tuple",
  "dict",
  "set",
  "frozenset",
  "bool",
  "object",
  "NoneType",
  "slice",
]);

/** Python 2 builtins under their Python 3 names, as `pickle` maps them with `fix_imports`. */
const PYTHON2_NAMES: Readonly<Record<string, string>> = {
  xrange: "range",
  unicode: "str",
  long: "int",
};

/**
 * The Python 3 spelling of a builtin named in a pickle: `builtins.<name>`
 * or Python 2's `__builtin__.<name>`; `undefined` for any other module.
 */
export function builtinName(module: string, name: string): string | undefined {
  if (module === "builtins") return name;
  if (module === "__builtin__") return PYTHON2_NAMES[name] ?? name;
  return undefined;
}
