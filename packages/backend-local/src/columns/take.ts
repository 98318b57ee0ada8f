import { bitmapBytes, isWideType, makeColumn, storageFor, wordsOf, type Column } from "./column.js";

/**
 * Gathers rows `indices[0..count)` of `c`; an index of -1 gives a null row (outer joins).
 * Dictionary columns keep their dictionary.
 */
export function takeRows(c: Column, indices: Int32Array, count: number): Column {
  const src = c.validity;
  let validity: Uint8Array | null = null;
  let nullCount = 0;
  let mayBeNull = src !== null;
  if (!mayBeNull) for (let k = 0; k < count; k++) if (indices[k]! < 0) { mayBeNull = true; break; }
  if (mayBeNull) {
    validity = new Uint8Array(bitmapBytes(count));
    for (let k = 0; k < count; k++) {
      const i = indices[k]!;
      if (i >= 0 && (src === null || ((src[i >> 3]! >> (i & 7)) & 1) === 1)) validity[k >> 3]! |= 1 << (k & 7);
      else nullCount++;
    }
  }
  const type = c.type;
  if (type.id === "utf8" && c.dictionary === null) {
    const off = c.offsets!;
    const bytesIn = c.values as Uint8Array;
    const offsets = new Int32Array(count + 1);
    let total = 0;
    for (let k = 0; k < count; k++) {
      const i = indices[k]!;
      if (i >= 0) total += off[i + 1]! - off[i]!;
      offsets[k + 1] = total;
    }
    const bytes = new Uint8Array(total);
    for (let k = 0; k < count; k++) {
      const i = indices[k]!;
      if (i < 0) continue;
      const s = off[i]!;
      const e = off[i + 1]!;
      let at = offsets[k]!;
      if (e - s < 16) for (let p = s; p < e; p++) bytes[at++] = bytesIn[p]!;
      else bytes.set(bytesIn.subarray(s, e), at);
    }
    return makeColumn({ type, length: count, values: bytes, offsets, validity, nullCount });
  }
  if (type.id === "bool") {
    const bits = c.values as Uint8Array;
    const out = new Uint8Array(bitmapBytes(count));
    for (let k = 0; k < count; k++) {
      const i = indices[k]!;
      if (i >= 0 && ((bits[i >> 3]! >> (i & 7)) & 1)) out[k >> 3]! |= 1 << (k & 7);
    }
    return makeColumn({ type, length: count, values: out, validity, nullCount });
  }
  const physical = c.dictionary ? { id: "int32" as const } : type;
  const { values } = storageFor(physical, count);
  if (isWideType(type)) {
    const inW = wordsOf(c.values);
    const outW = wordsOf(values);
    for (let k = 0; k < count; k++) {
      const i = indices[k]!;
      if (i >= 0) { outW[2 * k] = inW[2 * i]!; outW[2 * k + 1] = inW[2 * i + 1]!; }
    }
  } else {
    const inV = c.values as Float64Array;
    const outV = values as Float64Array;
    for (let k = 0; k < count; k++) {
      const i = indices[k]!;
      if (i >= 0) outV[k] = inV[i]!;
    }
  }
  return makeColumn({ type, length: count, values, validity, nullCount, dictionary: c.dictionary });
}
