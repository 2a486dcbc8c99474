/**
 * WebAssembly SIMD for Average and Paeth, whose every pixel depends on the
 * one decoded just before it: the rows are decoded one pixel a step, all of
 * a pixel's bytes at once (Paeth in 16-bit lanes, as its predictor needs sums
 * up to 510; Average in byte lanes). The pixel to the left and the one above
 * it stay in registers from one step to the next.
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
  avgr8u,
  type Bytes,
  bitselect,
  bytes16,
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
  store,
  sub8,
  sub16,
  until,
  V128,
  type WasmFunction,
  xor,
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

const ONES = bytes16(new Array<number>(16).fill(1));

/**
 * Average: floor((a + b) / 2), in byte lanes as WebAssembly's rounded mean
 * less the bit it rounded up by, `(a ^ b) & 1`. Three operations stand
 * between one pixel and the next instead of the five a 16-bit sum takes,
 * and that chain is what bounds the speed.
 */
export const averageFunction: WasmFunction = {
  name: "average",
  params: 5,
  locals: [
    [1, I32],
    [2, V128],
  ],
  code: seq(
    // Left of the first pixel, a is 0.
    set(A, zero),
    set(I, i32(0)),
    until(
      geU(get(I), get(N)),
      set(B, load(add(get(ABOVE), get(I)))),
      set(
        A,
        add8(
          load(add(get(SRC), get(I))),
          sub8(avgr8u(get(A), get(B)), and(xor(get(A), get(B)), ONES)),
        ),
      ),
      store(add(get(OUT), get(I)), get(A)),
      set(I, add(get(I), get(BPP))),
    ),
    i32(0),
  ),
};

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
