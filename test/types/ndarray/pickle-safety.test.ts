/**
 * The restricted unpickler never runs code. Each payload below would create
 * a marker file when Python unpickles it (checked with Python itself when it
 * is present, so the payloads are known to be live); read here with
 * allowPickle, each is refused with an error naming the global, and the
 * marker file never appears.
 */
import { existsSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { FormatError } from "../../../src/engine/errors.js";
import { PythonClass, readNpy } from "../../../src/types/ndarray/index.js";
import { tempDir } from "../../helpers/context.js";
import { hasPython, runPython } from "../../helpers/python.js";
import { craftNpy, headerText, objectArray, pickle } from "./craft.js";

/** BINUNICODE: a str of any length. */
function str(text: string): number[] {
  const utf8 = Buffer.from(text, "utf8");
  return [0x58, ...new Uint8Array(new Uint32Array([utf8.length]).buffer), ...utf8];
}

/** SHORT_BINUNICODE, as protocol 4 spells STACK_GLOBAL's operands. */
function shortStr(text: string): number[] {
  return [0x8c, text.length, ...Buffer.from(text, "latin1")];
}

/** Pickles that create `marker` when Python loads them, and the global each names. */
function payloads(marker: string): [string, Uint8Array, string][] {
  const touch = `touch ${marker}`;
  return [
    [
      "GLOBAL os.system + REDUCE",
      pickle([0x80, 2], "cos\nsystem\n", str(touch), [0x85], "R."),
      "os.system",
    ],
    [
      "STACK_GLOBAL posix.system",
      pickle([0x80, 4], shortStr("posix"), shortStr("system"), [0x93], str(touch), [0x85], "R."),
      "posix.system",
    ],
    [
      "subprocess.call with a list",
      pickle("csubprocess\ncall\n]", "(", str("touch"), str(marker), "e", [0x85], "R."),
      "subprocess.call",
    ],
    [
      "builtins.eval",
      pickle(
        "cbuiltins\neval\n",
        str(`open(${JSON.stringify(marker)}, 'w').close()`),
        [0x85],
        "R.",
      ),
      "builtins.eval",
    ],
    [
      "builtins.exec",
      pickle(
        "cbuiltins\nexec\n",
        str(`open(${JSON.stringify(marker)}, 'w').close()`),
        [0x85],
        "R.",
      ),
      "builtins.exec",
    ],
    ["INST os.system", pickle("(", str(touch), "ios\nsystem\n."), "os.system"],
    ["OBJ os.system", pickle("(cos\nsystem\n", str(touch), "o."), "os.system"],
    [
      "a call hidden inside an object array",
      objectArray(1, [[...Buffer.from("cos\nsystem\n", "latin1"), ...str(touch), 0x85, 0x52]]),
      "os.system",
    ],
  ];
}

function refusal(bytes: Uint8Array): FormatError {
  const npy = craftNpy(headerText("|O", "(1,)"), bytes);
  try {
    readNpy(npy, { source: "evil.npy", allowPickle: true });
  } catch (error) {
    expect(error).toBeInstanceOf(FormatError);
    expect((error as Error).message).toMatch(/^cannot read evil\.npy: /);
    return error as FormatError;
  }
  throw new Error("the pickle was accepted");
}

describe("pickles that would run code", () => {
  const dir = tempDir("pickle-safety-");
  const marker = join(dir, "ran");

  it.each(payloads(marker))(
    "%s is refused, naming the global, and nothing runs",
    (_, bytes, name) => {
      if (hasPython) {
        // The payload is live: Python's own unpickler runs it.
        const pickleFile = join(dir, "payload.pickle");
        writeFileSync(pickleFile, bytes);
        try {
          runPython("import pickle, sys\npickle.loads(open(sys.argv[1], 'rb').read())", [
            pickleFile,
          ]);
        } catch {
          // Loading may fail after the side effect (os.system returns an int, not an array).
        }
        if (name !== "builtins.getattr")
          expect(existsSync(marker), "Python ran the payload").toBe(true);
        rmSync(marker, { force: true });
      }

      const error = refusal(bytes);
      expect(error.code).toBe("unsupported_pickle");
      expect(error.message).toContain(name);
      expect(existsSync(marker)).toBe(false);
    },
  );

  it.each([
    ["nt.system"],
    ["subprocess.Popen"],
    ["builtins.getattr"],
    ["builtins.__import__"],
    ["builtins.open"],
    ["builtins.Ellipsis"],
  ])("refuses %s at GLOBAL", (qualified) => {
    const [module, name] = [
      qualified.slice(0, qualified.lastIndexOf(".")),
      qualified.slice(qualified.lastIndexOf(".") + 1),
    ];
    const error = refusal(pickle(`c${module}\n${name}\n.`));
    expect(error.message).toContain(`refers to ${qualified}, which is not allowed`);
  });
});

describe("inert builtin classes", () => {
  it("are values, one instance per name, Python 2 names read as Python 3's", () => {
    const bytes = objectArray(5, [
      "c__builtin__\nxrange\n",
      "c__builtin__\nunicode\n",
      "cbuiltins\nslice\n",
      "cbuiltins\ntype\nN",
      [0x85, 0x52], // type(None)
      "cbuiltins\nfrozenset\n",
    ]);
    const array = readNpy(craftNpy(headerText("|O", "(5,)"), bytes), { allowPickle: true });
    const names = (array.data as PythonClass[]).map((c) => c.qualifiedName);
    expect(names).toEqual([
      "builtins.range",
      "builtins.str",
      "builtins.slice",
      "builtins.NoneType",
      "builtins.frozenset",
    ]);
    expect(array.get(0)).toBe(PythonClass.intern("builtins", "range"));
    expect(String(array.get(3))).toBe("<class 'NoneType'>");
  });

  it.each([
    [
      "REDUCE range(3)",
      pickle("cbuiltins\nrange\n", [0x4b, 3, 0x85], "R."),
      "calls builtins.range",
    ],
    ["REDUCE object()", pickle("cbuiltins\nobject\n)R."), "calls builtins.object"],
    [
      "type(name, bases, dict), which makes a class",
      pickle("cbuiltins\ntype\n", str("X"), ")}", [0x87], "R."),
      "builtins.type() with arguments other than None",
    ],
    [
      "NEWOBJ object",
      pickle([0x80, 2], "cbuiltins\nobject\n)", [0x81], "."),
      "instance of builtins.object",
    ],
    [
      "NEWOBJ_EX dict",
      pickle([0x80, 4], "cbuiltins\ndict\n)}", [0x92], "."),
      "instance of builtins.dict",
    ],
    ["OBJ list", pickle("(cbuiltins\nlist\no."), "instance of builtins.list"],
    ["INST builtins.int", pickle("(ibuiltins\nint\n."), "instance of builtins.int"],
    ["BUILD on a class", pickle("cbuiltins\nint\n}b."), "sets the state of builtins.int"],
    ["REDUCE numpy.ndarray", pickle("cnumpy\nndarray\n)R."), "calls numpy.ndarray"],
  ])("refuse %s, naming the class", (_, bytes, message) => {
    const error = refusal(bytes);
    expect(error.code).toBe("unsupported_pickle");
    expect(error.message).toContain(message);
  });
});
