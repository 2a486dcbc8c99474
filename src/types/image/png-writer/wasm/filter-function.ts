/**
 * The WebAssembly function `filterRow`, which does with SIMD what
 * ../filter-row.ts does in JavaScript: chooses a row's PNG filter as Pillow
 * does (the least sum of signed magnitudes among None, Up, Sub and Paeth, in
 * that order, a later one winning only when strictly less) and writes the
 * filtered row, 16 bytes a step. Filtering is the one per-byte loop of the
 * writer that zlib does not do for us, and in plain JavaScript it took about
 * as long as deflating.
 *
 * `filterRow(cur, prev, out, n, bpp) -> cost` reads the row of `n` bytes at
 * `cur` and the row above at `prev`, writes the type byte at `out` and the
 * filtered bytes after it, and returns the chosen filter's sum. It relies on
 * this memory layout: the 16 bytes before each row are zeros (the left
 * neighbours of the first pixel); up to 15 bytes past a row may be read, and
 * past `out + 1 + n` written; address 0 holds 16 bytes of 0xFF then 16 of
 * 0x00, so that the 16 bytes at `16 - k` mask the first k lanes.
 */
import {
  abs8,
  abs16,
  add,
  add16,
  add32,
  and,
  type Bytes,
  bitselect,
  eq,
  extendHigh8u,
  extendLow8u,
  get,
  geU,
  I32,
  i32,
  ifElse,
  lane32,
  le16s,
  load,
  ltU,
  narrow16s,
  pairwise8u,
  pairwise16u,
  select,
  seq,
  set,
  store,
  store8,
  sub,
  sub8,
  sub16,
  tee,
  until,
  V128,
  type WasmFunction,
  when,
  zero,
} from "./encoding.js";

// Parameters, then locals: four i32, then eighteen v128.
const [CUR, PREV, OUT, N, BPP] = [0, 1, 2, 3, 4];
const [I, BEST, LEAST, SUM] = [5, 6, 7, 8];
const [X, A, B, C, MASK] = [9, 10, 11, 12, 13];
/** The sum of each filter type tried; Average (3) never is. */
const SUMS: Readonly<Record<0 | 1 | 2 | 4, number>> = { 0: 14, 1: 15, 2: 16, 4: 17 };
const [P, Q, DIST_A, DIST_B, DIST_C] = [18, 19, 20, 21, 22];
const [PICK_A_LOW, PICK_B_LOW, PICK_A_HIGH, PICK_B_HIGH] = [23, 24, 25, 26];

/** Loads x, a (left), b (up) and c (up-left) for the 16 bytes at i. */
const loadNeighbours = seq(
  set(X, load(add(get(CUR), get(I)))),
  set(A, load(sub(add(get(CUR), get(I)), get(BPP)))),
  set(B, load(add(get(PREV), get(I)))),
  set(C, load(sub(add(get(PREV), get(I)), get(BPP)))),
);

/** For one half of the lanes, in 16 bits: does Paeth pick a, and else b? */
const paethHalf = (extend: (v: Bytes) => Bytes, pickA: number, pickB: number) =>
  seq(
    set(P, sub16(extend(get(B)), extend(get(C)))),
    set(Q, sub16(extend(get(A)), extend(get(C)))),
    // The spec's pa = |p - a| = |b - c|, pb = |a - c|, pc = |a + b - 2c|.
    set(DIST_A, abs16(get(P))),
    set(DIST_B, abs16(get(Q))),
    set(DIST_C, abs16(add16(get(P), get(Q)))),
    set(pickA, and(le16s(get(DIST_A), get(DIST_B)), le16s(get(DIST_A), get(DIST_C)))),
    set(pickB, le16s(get(DIST_B), get(DIST_C))),
  );

/** The Paeth prediction: a if nearest, else b if no farther than c, else c. */
const paeth = seq(
  paethHalf(extendLow8u, PICK_A_LOW, PICK_B_LOW),
  paethHalf(extendHigh8u, PICK_A_HIGH, PICK_B_HIGH),
  bitselect(
    get(A),
    bitselect(get(B), get(C), narrow16s(get(PICK_B_LOW), get(PICK_B_HIGH))),
    narrow16s(get(PICK_A_LOW), get(PICK_A_HIGH)),
  ),
);

/** Adds the magnitudes of the signed bytes `filtered`, masked, into a sum's four lanes. */
const accumulate = (sum: number, filtered: Bytes) =>
  set(sum, add32(get(sum), pairwise16u(pairwise8u(and(abs8(filtered), get(MASK))))));

/** `for (i = 0; i < n; i += 16) body` */
const eachVector = (...body: Bytes[]) =>
  seq(set(I, i32(0)), until(geU(get(I), get(N)), ...body, set(I, add(get(I), i32(16)))));

/** Pass 1: the sum for each filter type. */
const sumFilters = eachVector(
  loadNeighbours,
  // All lanes count unless fewer than 16 bytes of the row are left.
  set(
    MASK,
    load(sub(i32(16), select(tee(SUM, sub(get(N), get(I))), i32(16), ltU(get(SUM), i32(16))))),
  ),
  accumulate(SUMS[0], get(X)),
  accumulate(SUMS[1], sub8(get(X), get(A))),
  accumulate(SUMS[2], sub8(get(X), get(B))),
  accumulate(SUMS[4], sub8(get(X), paeth)),
);

/** The sum of an accumulator's four lanes. */
const total = (sum: number) =>
  add(add(lane32(get(sum), 0), lane32(get(sum), 1)), add(lane32(get(sum), 2), lane32(get(sum), 3)));

/** Pillow's order: None, Up, Sub, Paeth; a later one wins only when strictly less. */
const chooseFilter = seq(
  set(BEST, i32(0)),
  set(LEAST, total(SUMS[0])),
  ...([2, 1, 4] as const).map((type) =>
    when(ltU(tee(SUM, total(SUMS[type])), get(LEAST)), set(BEST, i32(type)), set(LEAST, get(SUM))),
  ),
);

/** The prediction of the chosen filter type. */
const prediction = [zero, get(A), get(B)].reduceRight<Bytes>(
  (otherwise, then, type) => ifElse(eq(get(BEST), i32(type)), then, otherwise),
  paeth,
);

/** Pass 2: the type byte, then the chosen filter's bytes (the store's offset 1 skips the type). */
const writeFiltered = seq(
  store8(get(OUT), get(BEST)),
  eachVector(loadNeighbours, store(add(get(OUT), get(I)), sub8(get(X), prediction), 1)),
);

/** `filterRow(cur, prev, out, n, bpp) -> cost` */
export const filterRowFunction: WasmFunction = {
  name: "filterRow",
  params: 5,
  locals: [
    [4, I32],
    [18, V128],
  ],
  code: seq(sumFilters, chooseFilter, writeFiltered, get(LEAST)),
};
