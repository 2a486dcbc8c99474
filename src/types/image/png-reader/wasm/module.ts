/**
 * The reader's WebAssembly module, compiled once on first use, and the
 * functions of one instance over a memory of the caller's size.
 */
import { moduleBytes } from "../../png-writer/wasm/encoding.js";
import { compileOnce, MAX_PAGES, PAGE, wasm } from "../../png-writer/wasm/runtime.js";
import { unfilterFunctions } from "./unfilter-functions.js";

/** A filter that needs the row above and the pixel size. */
type PixelFilter = (src: number, above: number, out: number, n: number, bpp: number) => number;

/** `up(src, above, out, n)`, `subN(src, out, n)`, `average` and `paeth`; all return 0. */
export interface UnfilterExports {
  readonly up: (src: number, above: number, out: number, n: number) => number;
  readonly average: PixelFilter;
  readonly paeth: PixelFilter;
  /** By bytes per pixel. */
  readonly sub: ReadonlyMap<number, (src: number, out: number, n: number) => number>;
}

const readerModule = compileOnce(() => moduleBytes(unfilterFunctions));

/**
 * A fresh memory of `bytes` bytes (zeroed) with the unfilter functions over
 * it, or `undefined` where WebAssembly SIMD or that much memory is not to be had.
 */
export function unfilterInstance(
  bytes: number,
): { readonly memory: ArrayBuffer; readonly exports: UnfilterExports } | undefined {
  const module = readerModule();
  const pages = Math.ceil(bytes / PAGE);
  if (module === null || wasm === undefined || pages > MAX_PAGES) return undefined;
  try {
    const memory = new wasm.Memory({ initial: pages });
    const { exports } = new wasm.Instance(module, { env: { memory } });
    const sub = new Map<number, (src: number, out: number, n: number) => number>();
    for (const [name, fn] of Object.entries(exports)) {
      if (name.startsWith("sub"))
        sub.set(Number(name.slice(3)), fn as (src: number, out: number, n: number) => number);
    }
    return {
      memory: memory.buffer,
      exports: {
        up: exports.up as UnfilterExports["up"],
        average: exports.average as PixelFilter,
        paeth: exports.paeth as PixelFilter,
        sub,
      },
    };
  } catch {
    // Memory of that size could not be had: the JavaScript path needs less.
    return undefined;
  }
}
