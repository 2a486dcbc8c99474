/**
 * Loads `sharp` on first use. Importing flytekit-ts never loads it (DESIGN
 * principle 4): only a task that converts an image pays for libvips.
 */
import { describeError, FlytekitError } from "../../engine/errors.js";

/** The `sharp` factory function, as its package exports it. */
export type SharpFactory = typeof import("sharp")["default"];

let loading: Promise<SharpFactory> | undefined;

/** The `sharp` factory, imported once; a clear error says how to install it when missing. */
export function loadSharp(): Promise<SharpFactory> {
  loading ??= import("sharp").then(
    (module) => module.default,
    (error: unknown) => {
      loading = undefined;
      throw new FlytekitError(
        "missing_dependency",
        `cannot load sharp, which images need: ${describeError(error)}; ` +
          "install it with `npm install sharp`",
        { cause: error },
      );
    },
  );
  return loading;
}
