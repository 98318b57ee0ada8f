/**
 * 64-bit integers without BigInt: a value is read from its two int32 words as a float64, which
 * is exact for |v| < 2^53 (every realistic count, id, and timestamp in s/ms/us; timestamps in ns
 * after 2255 or so lose sub-microsecond digits). Writes split a float64 back into two words.
 */
export const TWO_32 = 4294967296;

/** Reads signed word pair (lo, hi) as a number. */
export const signedFromWords = (lo: number, hi: number): number => hi * TWO_32 + (lo >>> 0);
/** Reads unsigned word pair (lo, hi) as a number. */
export const unsignedFromWords = (lo: number, hi: number): number => (hi >>> 0) * TWO_32 + (lo >>> 0);

/** Writes the integer part of `v` into words[2k], words[2k + 1]. */
export function writeWide(words: Int32Array, k: number, v: number): void {
  const hi = Math.floor(v / TWO_32);
  words[2 * k] = (v - hi * TWO_32) | 0;
  words[2 * k + 1] = hi | 0;
}

/** Copies a signed (or unsigned) wide column into a Float64Array once. */
export function wideToFloat64(words: Int32Array, length: number, unsigned: boolean): Float64Array {
  const out = new Float64Array(length);
  if (unsigned) for (let i = 0; i < length; i++) out[i] = (words[2 * i + 1]! >>> 0) * TWO_32 + (words[2 * i]! >>> 0);
  else for (let i = 0; i < length; i++) out[i] = words[2 * i + 1]! * TWO_32 + (words[2 * i]! >>> 0);
  return out;
}
