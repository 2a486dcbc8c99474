import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { describeError, FlytekitError } from "../engine/errors.js";
import type { Runnable } from "../runtime/graph.js";
import { UsageError } from "./usage-error.js";

function isRunnable(value: unknown): value is Runnable & { kind: string } {
  return (
    typeof value === "function" &&
    ((value as { kind?: unknown }).kind === "task" ||
      (value as { kind?: unknown }).kind === "workflow")
  );
}

/**
 * Imports a TypeScript or JavaScript file (TypeScript through tsx, so users
 * need no build step) and returns its exported tasks and workflows by export name.
 */
export async function loadRunnables(file: string): Promise<Map<string, Runnable>> {
  const path = resolve(file);
  if (!existsSync(path)) throw new UsageError(`cannot load ${file}: no such file`);
  // A global (not namespaced) registration, so that the user's
  // `import … from "flytekit-ts"` gets the very modules this CLI runs on:
  // one engine, where the user's own transformers are registered.
  const { register } = await import("tsx/esm/api");
  register();
  let module: Record<string, unknown>;
  try {
    module = (await import(pathToFileURL(path).href)) as Record<string, unknown>;
  } catch (error) {
    throw new FlytekitError("load_failed", `cannot load ${file}: ${describeError(error)}`, {
      cause: error,
    });
  }
  const found = new Map<string, Runnable>();
  for (const [name, value] of Object.entries(module)) if (isRunnable(value)) found.set(name, value);
  return found;
}

/**
 * Finds the task or workflow named `target` in `file`: an export of that
 * name, or else a task or workflow declared with that name.
 */
export async function loadTarget(file: string, target: string): Promise<Runnable> {
  const runnables = await loadRunnables(file);
  const found = runnables.get(target) ?? [...runnables.values()].find((r) => r.name === target);
  if (found) return found;
  throw new UsageError(
    `cannot find task or workflow "${target}" in ${file}; it exports: ${[...runnables.keys()].join(", ") || "none"}`,
  );
}
