/**
 * Vitest global setup: removes the run's temporary folder (made in
 * vitest.config.ts and given to every test as TMPDIR) when the run ends.
 */
import { rmSync } from "node:fs";

export default function setup(): () => void {
  return () => {
    const root = process.env.FLYTEKIT_TS_TEST_TMP;
    if (root) rmSync(root, { recursive: true, force: true });
  };
}
