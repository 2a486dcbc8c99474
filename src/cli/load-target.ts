import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
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
 * need no build step) and finds the task or workflow named `target`: an
 * export of that name, or else a task or workflow declared with that name.
 */
export async function loadTarget(file: string, target: string): Promise<Runnable> {
  const path = resolve(file);
  if (!existsSync(path)) throw new UsageError(`cannot load ${file}: no such file`);
  const { tsImport } = await import("tsx/esm/api");
  const module = (await tsImport(pathToFileURL(path).href, import.meta.url)) as Record<
    string,
    unknown
  >;

  const exported = module[target];
  if (isRunnable(exported)) return exported;
  const byName = Object.values(module).find((value) => isRunnable(value) && value.name === target);
  if (byName && isRunnable(byName)) return byName;

  const available = Object.entries(module)
    .filter(([, value]) => isRunnable(value))
    .map(([name]) => name);
  throw new UsageError(
    `cannot find task or workflow "${target}" in ${file}; it exports: ${available.join(", ") || "none"}`,
  );
}
