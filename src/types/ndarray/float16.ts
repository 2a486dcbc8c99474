/**
 * IEEE 754 half precision (NumPy's `float16`). JavaScript has no half-float
 * typed array in Node 20, so float16 arrays keep their raw bits in a
 * `Uint16Array` and these helpers convert single values.
 */

/** The number a float16 bit pattern stands for (exact: every half fits a double). */
export function float16ToNumber(bits: number): number {
  const sign = bits & 0x8000 ? -1 : 1;
  const exponent = (bits >> 10) & 0x1f;
  const fraction = bits & 0x3ff;
  if (exponent === 0) return sign * fraction * 2 ** -24;
  if (exponent === 0x1f) return fraction === 0 ? sign * Number.POSITIVE_INFINITY : Number.NaN;
  return sign * (1 + fraction / 1024) * 2 ** (exponent - 15);
}

/**
 * The float16 bit pattern nearest to `value`, rounding ties to even as NumPy
 * does; values beyond the largest half (65504) become infinity.
 */
export function numberToFloat16(value: number): number {
  if (Number.isNaN(value)) return 0x7e00;
  const sign = value < 0 || Object.is(value, -0) ? 0x8000 : 0;
  const abs = Math.abs(value);

  if (abs >= 65520) return sign | 0x7c00; // rounds past the largest finite half
  if (abs < 2 ** -14) {
    // Subnormal half: a multiple of 2**-24, rounded to nearest even on the double itself.
    const units = abs * 2 ** 24;
    const floor = Math.floor(units);
    const remainder = units - floor;
    const rounded = remainder > 0.5 || (remainder === 0.5 && floor % 2 === 1) ? floor + 1 : floor;
    return sign | rounded;
  }

  // Normal half: round the double's mantissa to 10 bits, ties to even.
  const exponent = Math.floor(Math.log2(abs));
  const adjusted =
    abs < 2 ** exponent ? exponent - 1 : abs >= 2 ** (exponent + 1) ? exponent + 1 : exponent;
  const scaled = (abs / 2 ** adjusted - 1) * 1024;
  let fraction = Math.floor(scaled);
  const remainder = scaled - fraction;
  if (remainder > 0.5 || (remainder === 0.5 && fraction % 2 === 1)) fraction++;
  let biased = adjusted + 15;
  if (fraction === 1024) {
    fraction = 0;
    biased++;
  }
  if (biased >= 0x1f) return sign | 0x7c00;
  return sign | (biased << 10) | fraction;
}

/** Converts raw float16 bits to numbers, for arithmetic on a whole float16 array. */
export function float16ArrayToFloat32(bits: Uint16Array): Float32Array {
  const out = new Float32Array(bits.length);
  for (let i = 0; i < bits.length; i++) out[i] = float16ToNumber(bits[i]!);
  return out;
}

/** Converts numbers to raw float16 bits, for building a float16 NDArray. */
export function float32ToFloat16Array(values: ArrayLike<number>): Uint16Array {
  const out = new Uint16Array(values.length);
  for (let i = 0; i < values.length; i++) out[i] = numberToFloat16(values[i]!);
  return out;
}
