/**
 * What the PNG writer and reader need of the WebAssembly runtime: the API
 * (which the project's type libraries do not declare), memory page sizes,
 * and compiling a module once, on first use.
 */

/** The parts of the WebAssembly API used here. */
export interface WasmApi {
  readonly Module: new (bytes: Uint8Array) => object;
  readonly Instance: new (
    module: object,
    imports: Record<string, Record<string, unknown>>,
  ) => { readonly exports: Record<string, unknown> };
  readonly Memory: new (descriptor: { initial: number }) => { readonly buffer: ArrayBuffer };
}

/** The runtime's WebAssembly API, `undefined` where there is none. */
export const wasm = (globalThis as { WebAssembly?: WasmApi }).WebAssembly;

/** Bytes in a WebAssembly memory page. */
export const PAGE = 64 * 1024;

/** WebAssembly memories hold at most 4 GiB. */
export const MAX_PAGES = 65536;

/**
 * A function giving the module compiled from `bytes()` on its first call and
 * the same module after; `null` where WebAssembly or SIMD is not available.
 */
export function compileOnce(bytes: () => Uint8Array): () => object | null {
  let compiled: object | null | undefined;
  return () => {
    if (compiled === undefined) {
      try {
        compiled = wasm === undefined ? null : new wasm.Module(bytes());
      } catch {
        compiled = null;
      }
    }
    return compiled;
  };
}
