import { bitmapBytes } from "./column.js";

/** Bits [bitOffset, bitOffset + length) of `bitmap` re-based to bit 0 (a view when byte-aligned). */
export function rebaseBitmap(bitmap: Uint8Array, bitOffset: number, length: number): Uint8Array {
  if ((bitOffset & 7) === 0) return bitmap.subarray(bitOffset >> 3, (bitOffset >> 3) + bitmapBytes(length));
  const out = new Uint8Array(bitmapBytes(length));
  for (let i = 0; i < length; i++) {
    const j = bitOffset + i;
    if ((bitmap[j >> 3]! >> (j & 7)) & 1) out[i >> 3]! |= 1 << (i & 7);
  }
  return out;
}

/** A bitmap with the first `length` bits set. */
export function allSetBitmap(length: number): Uint8Array {
  const out = new Uint8Array(bitmapBytes(length)).fill(255);
  if (length & 7) out[out.length - 1] = (1 << (length & 7)) - 1;
  return out;
}
