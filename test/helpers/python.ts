/**
 * Runs real Python for interop tests. NumPy comes from the default `python3`;
 * Pillow may come from Debian's `python3-pil`, which installs into
 * /usr/lib/python3/dist-packages, so that folder is appended to `sys.path`
 * (appended, so it never shadows the NumPy that `python3` already has).
 */
import { execFileSync, spawnSync } from "node:child_process";

const PRELUDE = "import sys\nsys.path.append('/usr/lib/python3/dist-packages')\n";

function probe(module: string): boolean {
  const result = spawnSync("python3", ["-c", `${PRELUDE}import ${module}`], { encoding: "utf8" });
  return result.status === 0;
}

/** True when `python3` is on the PATH. */
export const hasPython = spawnSync("python3", ["--version"]).status === 0;
export const hasNumpy = hasPython && probe("numpy");
export const hasPillow = hasPython && probe("PIL");

if (!hasPython || !hasNumpy || !hasPillow) {
  // Loud on purpose: interop tests must run in CI; a skip here is worth noticing.
  console.warn(
    `\n!!! INTEROP TESTS SKIPPED: python3=${hasPython} numpy=${hasNumpy} Pillow=${hasPillow}. ` +
      "Install python3 with NumPy and Debian's python3-pil to run them.\n",
  );
}

/** Runs a Python script (with the prelude) and returns its stdout; throws with stderr on failure. */
export function runPython(
  script: string,
  args: string[] = [],
  input?: string | Uint8Array,
): string {
  try {
    return execFileSync("python3", ["-c", PRELUDE + script, ...args], {
      encoding: "utf8",
      maxBuffer: 1 << 30,
      ...(input === undefined ? {} : { input }),
    });
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr ?? "";
    throw new Error(`python failed: ${stderr}`);
  }
}

/** Runs a Python script and parses its stdout as JSON. */
export function pythonJson<T = unknown>(script: string, args: string[] = []): T {
  return JSON.parse(runPython(script, args)) as T;
}
