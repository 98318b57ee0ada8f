/**
 * Copies `length` bits of the LSB-first bitmap `src`, starting at bit `srcBitOffset`, into `dst`
 * starting at bit 0 (Arrow validity and bool layouts). Bits of `dst` past `length` are unspecified.
 */
export function copyBits(src: Uint8Array, srcBitOffset: number, length: number, dst: Uint8Array): void {
  const bytes = (length + 7) >> 3;
  const first = srcBitOffset >> 3;
  const shift = srcBitOffset & 7;
  if (shift === 0) {
    dst.set(src.subarray(first, first + bytes));
    return;
  }
  for (let j = 0; j < bytes; j++) {
    const lo = src[first + j]! >> shift;
    const hi = first + j + 1 < src.length ? src[first + j + 1]! << (8 - shift) : 0;
    dst[j] = (lo | hi) & 0xff;
  }
}
