/**
 * The WebAssembly function `adler32(at, length, adler) -> adler`:
 * Adler-32 (RFC 1950, 8.2) of `length` bytes at `at`, continuing from
 * `adler`, 16 bytes a step. The filtered rows are already in WebAssembly
 * memory, and summing them there takes about 1 ms for 12 MB, where a
 * JavaScript loop takes 16.
 *
 * Over n bytes x₀…xₙ₋₁, a grows by Σxᵢ and b by n·a + Σ(n − i)·xᵢ. Per
 * 16-byte vector the lanes keep: the bytes' sum, the sum so far at each
 * earlier vector (each worth 16 to b), and the bytes weighted 16 down to 1.
 * Blocks of 1024 bytes keep every 32-bit sum below 2^32 before the modulo.
 */
import {
  add,
  add16,
  add32,
  andI32,
  bytes16,
  extmulHigh8u,
  extmulLow8u,
  get,
  geU,
  I32,
  i32,
  lane32,
  load,
  load8,
  ltU,
  mul,
  orI32,
  pairwise8u,
  pairwise16u,
  remU,
  select,
  seq,
  set,
  shl,
  shrU,
  sub,
  until,
  V128,
  type WasmFunction,
  zero,
} from "./encoding.js";

const MOD = 65521;
const BLOCK = 1024;

// Parameters, then locals: five i32, then four v128.
const [AT, LENGTH, ADLER] = [0, 1, 2];
const [A, B, END, SIZE, BYTE] = [3, 4, 5, 6, 7];
const [X, SUMS, RUNNING, WEIGHTED] = [8, 9, 10, 11];

/** The weights of the 16 bytes of a vector in b: 16 for the first, 1 for the last. */
const WEIGHTS = bytes16(Array.from({ length: 16 }, (_, i) => 16 - i));

const total = (sum: number) =>
  add(add(lane32(get(sum), 0), lane32(get(sum), 1)), add(lane32(get(sum), 2), lane32(get(sum), 3)));

/** One block of SIZE bytes (a multiple of 16) at AT, folded into A and B. */
const vectorBlock = seq(
  set(SUMS, zero),
  set(RUNNING, zero),
  set(WEIGHTED, zero),
  set(END, add(get(AT), get(SIZE))),
  until(
    geU(get(AT), get(END)),
    set(X, load(get(AT))),
    set(RUNNING, add32(get(RUNNING), get(SUMS))),
    set(SUMS, add32(get(SUMS), pairwise16u(pairwise8u(get(X))))),
    set(
      WEIGHTED,
      add32(
        get(WEIGHTED),
        pairwise16u(add16(extmulLow8u(get(X), WEIGHTS), extmulHigh8u(get(X), WEIGHTS))),
      ),
    ),
    set(AT, add(get(AT), i32(16))),
  ),
  // b + size·a + 16·Σrunning + Σweighted, each term reduced first so the sum stays below 2^32.
  set(
    B,
    remU(
      add(
        add(get(B), remU(mul(get(SIZE), get(A)), i32(MOD))),
        add(remU(shl(total(RUNNING), i32(4)), i32(MOD)), total(WEIGHTED)),
      ),
      i32(MOD),
    ),
  ),
  set(A, remU(add(get(A), total(SUMS)), i32(MOD))),
  set(LENGTH, sub(get(LENGTH), get(SIZE))),
);

const code = seq(
  set(A, andI32(get(ADLER), i32(0xffff))),
  set(B, shrU(get(ADLER), i32(16))),
  until(
    ltU(get(LENGTH), i32(16)),
    // The largest multiple of 16 up to BLOCK.
    set(SIZE, select(i32(BLOCK), andI32(get(LENGTH), i32(-16)), geU(get(LENGTH), i32(BLOCK)))),
    vectorBlock,
  ),
  // The last few bytes one at a time.
  until(
    ltU(get(LENGTH), i32(1)),
    set(BYTE, load8(get(AT))),
    set(A, add(get(A), get(BYTE))),
    set(B, add(get(B), get(A))),
    set(AT, add(get(AT), i32(1))),
    set(LENGTH, sub(get(LENGTH), i32(1))),
  ),
  orI32(shl(remU(get(B), i32(MOD)), i32(16)), remU(get(A), i32(MOD))),
);

/** `adler32(at, length, adler) -> adler` */
export const adlerFunction: WasmFunction = {
  name: "adler32",
  params: 3,
  locals: [
    [5, I32],
    [4, V128],
  ],
  code,
};
