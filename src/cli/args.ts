import { UsageError } from "./usage-error.js";

/** `flytekit-ts run` arguments, split into our flags and the task's inputs. */
export interface RunArgs {
  readonly file: string;
  readonly target: string;
  readonly json: boolean;
  readonly dataDir?: string;
  readonly rawOutputPrefix?: string;
  /** Raw text of each `--<input> <value>`, by input name. */
  readonly inputs: Readonly<Record<string, string>>;
}

const OWN_FLAGS = new Set(["json", "data-dir", "raw-output-prefix"]);

/**
 * Parses `<file> <target> [--<input> <value>]… [--json] [--data-dir d]
 * [--raw-output-prefix p]`. Values may follow as the next word or after `=`;
 * a value may start with `-` (negative numbers) when given after `=` or as
 * the next word.
 */
export function parseRunArgs(argv: readonly string[]): RunArgs {
  const positional: string[] = [];
  const inputs: Record<string, string> = {};
  let json = false;
  let dataDir: string | undefined;
  let rawOutputPrefix: string | undefined;

  for (let i = 0; i < argv.length; i++) {
    const word = argv[i]!;
    if (!word.startsWith("--")) {
      positional.push(word);
      continue;
    }
    const eq = word.indexOf("=");
    const name = word.slice(2, eq === -1 ? undefined : eq);
    if (name === "json") {
      if (eq !== -1) throw new UsageError("--json takes no value");
      json = true;
      continue;
    }
    let value: string;
    if (eq !== -1) value = word.slice(eq + 1);
    else {
      const next = argv[i + 1];
      if (next === undefined) throw new UsageError(`missing a value after --${name}`);
      value = next;
      i++;
    }
    if ((name === "data-dir" || name === "raw-output-prefix") && value.trim() === "") {
      throw new UsageError(`--${name} needs a non-empty value`);
    }
    if (name === "data-dir") dataDir = value;
    else if (name === "raw-output-prefix") rawOutputPrefix = value;
    else if (OWN_FLAGS.has(name)) throw new UsageError(`--${name} takes no value`);
    else if (Object.hasOwn(inputs, name)) throw new UsageError(`--${name} given twice`);
    else inputs[name] = value;
  }

  const [file, target, ...extra] = positional;
  if (!file || !target)
    throw new UsageError(
      "expected: flytekit-ts run <file.ts> <task or workflow> [--<input> <value>]…",
    );
  if (extra.length > 0) throw new UsageError(`unexpected argument "${extra[0]}"`);
  return {
    file,
    target,
    json,
    inputs,
    ...(dataDir === undefined ? {} : { dataDir }),
    ...(rawOutputPrefix === undefined ? {} : { rawOutputPrefix }),
  };
}
