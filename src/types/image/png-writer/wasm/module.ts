/**
 * The bytes of the writer's WebAssembly module: `filterRow` and `adler32`,
 * sharing a memory the caller provides as `env.memory`.
 */
import { adlerFunction } from "./adler-function.js";
import { moduleBytes } from "./encoding.js";
import { filterRowFunction } from "./filter-function.js";

export const writerModuleBytes = moduleBytes([filterRowFunction, adlerFunction]);
