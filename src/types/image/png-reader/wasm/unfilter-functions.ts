/**
 * WebAssembly SIMD for Sub and Up, 16 bytes a step (Average and Paeth,
 * which go a pixel a step, are in ./pixel-functions.ts).
 *
 * Both read up to 15 bytes past the row and write up to 15 past its end:
 * the caller's memory layout leaves room for that, and the bytes written
 * past a row belong to the next row, which is written over afterwards.
 * https://www.w3.org/TR/png/#9Filter-types
 */
import {
  add,
  add8,
  type Bytes,
  get,
  geU,
  I32,
  i32,
  load,
  seq,
  set,
  shuffle,
  store,
  until,
  V128,
  type WasmFunction,
  zero,
} from "../../png-writer/wasm/encoding.js";
import { averageFunction, paethFunction } from "./pixel-functions.js";

/** Bytes per pixel that PNG's 8- and 16-bit grey, grey + alpha, RGB and RGBA have. */
export const SUB_PIXEL_SIZES = [1, 2, 3, 4, 6, 8] as const;

/** `for (i = 0; i < n; i += 16) body`, with i in local `index` and n in local `count`. */
const eachVector = (index: number, count: number, ...body: Bytes[]) =>
  seq(
    set(index, i32(0)),
    until(geU(get(index), get(count)), ...body, set(index, add(get(index), i32(16)))),
  );

/** `up(src, above, out, n)`: out[i] = src[i] + above[i]. */
export const upFunction: WasmFunction = (() => {
  const [SRC, ABOVE, OUT, N, I] = [0, 1, 2, 3, 4];
  return {
    name: "up",
    params: 4,
    locals: [[1, I32]],
    code: seq(
      eachVector(
        I,
        N,
        store(
          add(get(OUT), get(I)),
          add8(load(add(get(SRC), get(I))), load(add(get(ABOVE), get(I)))),
        ),
      ),
      i32(0),
    ),
  };
})();

/** Lanes moved up by `shift` places, zeros coming in (lane 0 of `zero` is 0). */
const shiftLanes = (v: Bytes, shift: number) =>
  shuffle(
    zero,
    v,
    Array.from({ length: 16 }, (_, k) => (k < shift ? 0 : 16 + k - shift)),
  );

/**
 * `subN(src, out, n)` for `bpp` bytes per pixel: each byte adds the byte
 * `bpp` before it, a running sum per channel. Within a vector the sum is
 * built in log steps (add the lanes shifted by bpp, then 2 bpp, 4 bpp...);
 * then the last pixel of the vector before is added to every pixel.
 */
export function subFunction(bpp: number): WasmFunction {
  const [SRC, OUT, N, I, V, CARRY] = [0, 1, 2, 3, 4, 5];
  const steps: Bytes[] = [];
  for (let shift = bpp; shift < 16; shift *= 2) {
    steps.push(set(V, add8(get(V), shiftLanes(get(V), shift))));
  }
  // Lane k of the next vector continues the channel of lane 16 - bpp + k mod bpp.
  const lastPixel = Array.from({ length: 16 }, (_, k) => 16 - bpp + (k % bpp));
  return {
    name: `sub${bpp}`,
    params: 3,
    locals: [
      [1, I32],
      [2, V128],
    ],
    code: seq(
      set(CARRY, zero),
      eachVector(
        I,
        N,
        set(V, load(add(get(SRC), get(I)))),
        ...steps,
        set(V, add8(get(V), get(CARRY))),
        store(add(get(OUT), get(I)), get(V)),
        set(CARRY, shuffle(get(V), get(V), lastPixel)),
      ),
      i32(0),
    ),
  };
}

/** Every function of the reader's module. */
export const unfilterFunctions: readonly WasmFunction[] = [
  upFunction,
  ...SUB_PIXEL_SIZES.map(subFunction),
  averageFunction,
  paethFunction,
];
