/**
 * WebAssembly SIMD for Average and Paeth, whose every pixel depends on the
 * one decoded just before it: the rows are decoded one pixel a step, all of
 * a pixel's bytes at once (in 16-bit lanes, as the predictors need sums up
 * to 510). The pixel to the left and the one above it stay in registers
 * from one step to the next.
 *
 * `average(src, above, out, n, bpp)` and `paeth(src, above, out, n, bpp)`
 * read up to 15 bytes past the rows and write up to 15 past `out + n`;
 * the bytes written past a pixel are written over by the next step.
 * https://www.w3.org/TR/png/#9Filter-type-3-Average
 */
import {
  abs16,
  add,
  add8,
  add16,
  and,
  type Bytes,
  bitselect,
  extendLow8u,
  get,
  geU,
  I32,
  i32,
  le16s,
  load,
  narrow16u,
  seq,
  set,
  shr16u,
  store,
  sub16,
  until,
  V128,
  type WasmFunction,
  zero,
} from "../../png-writer/wasm/encoding.js";

// Parameters, then locals: one i32, then v128s.
const [SRC, ABOVE, OUT, N, BPP, I] = [0, 1, 2, 3, 4, 5];
const [A, B, C, A16, B16, C16, P, Q] = [6, 7, 8, 9, 10, 11, 12, 13];

/** One function stepping pixel by pixel, `predict` giving the 16-bit prediction from A16, B16, C16. */
function pixelFunction(name: string, locals: number, predict: Bytes): WasmFunction {
  return {
    name,
    params: 5,
    locals: [
      [1, I32],
      [locals, V128],
    ],
    code: seq(
      // Left of the first pixel, a and c are 0.
      set(A, zero),
      set(C, zero),
      set(I, i32(0)),
      until(
        geU(get(I), get(N)),
        set(B, load(add(get(ABOVE), get(I)))),
        set(A16, extendLow8u(get(A))),
        set(B16, extendLow8u(get(B))),
        set(C16, extendLow8u(get(C))),
        set(A, add8(load(add(get(SRC), get(I))), narrow16u(predict, zero))),
        store(add(get(OUT), get(I)), get(A)),
        set(C, get(B)),
        set(I, add(get(I), get(BPP))),
      ),
      i32(0),
    ),
  };
}

/** Average: floor((a + b) / 2). */
export const averageFunction = pixelFunction(
  "average",
  6,
  shr16u(add16(get(A16), get(B16)), i32(1)),
);

/**
 * Paeth: a if |b - c| is the least of |b - c|, |a - c| and |a + b - 2c|,
 * else b if |a - c| is no more than |a + b - 2c|, else c.
 */
export const paethFunction = pixelFunction(
  "paeth",
  8,
  seq(
    set(P, sub16(get(B16), get(C16))),
    set(Q, sub16(get(A16), get(C16))),
    bitselect(
      get(A16),
      bitselect(get(B16), get(C16), le16s(abs16(get(Q)), abs16(add16(get(P), get(Q))))),
      and(le16s(abs16(get(P)), abs16(get(Q))), le16s(abs16(get(P)), abs16(add16(get(P), get(Q))))),
    ),
  ),
);
