import type { DataType } from "@datajax/core-ir";
import { bitmapBytes, isWideType, makeColumn, storageFor, wordsOf, type Column } from "./column.js";
import { decodeStrings, encodeStrings } from "./utf8-codec.js";

/** Concatenates columns of one logical type into one plain column (dictionaries are decoded unless shared). */
export function concatColumns(type: DataType, parts: readonly Column[]): Column {
  if (parts.length === 1) return parts[0]!;
  const length = parts.reduce((n, p) => n + p.length, 0);
  const nullCount = parts.reduce((n, p) => n + p.nullCount, 0);
  let validity: Uint8Array | null = null;
  if (nullCount > 0) {
    validity = new Uint8Array(bitmapBytes(length));
    let at = 0;
    for (const p of parts) {
      copyBits(p.validity, p.length, validity, at);
      at += p.length;
    }
  }
  if (type.id === "utf8") {
    const dict = parts[0]!.dictionary;
    if (dict && parts.every((p) => p.dictionary === dict)) {
      const indices = new Int32Array(length);
      let at = 0;
      for (const p of parts) { indices.set((p.values as Int32Array).subarray(0, p.length), at); at += p.length; }
      return makeColumn({ type: { id: "utf8", dictionary: true }, length, values: indices, validity, nullCount, dictionary: dict });
    }
    if (parts.every((p) => !p.dictionary)) {
      const total = parts.reduce((n, p) => n + (p.offsets![p.length]! - p.offsets![0]!), 0);
      const bytes = new Uint8Array(total);
      const offsets = new Int32Array(length + 1);
      let row = 0;
      let at = 0;
      for (const p of parts) {
        const off = p.offsets!;
        const base = off[0]!;
        bytes.set((p.values as Uint8Array).subarray(base, off[p.length]!), at);
        for (let i = 1; i <= p.length; i++) offsets[row + i] = off[i]! - base + at;
        row += p.length;
        at += off[p.length]! - base;
      }
      return makeColumn({ type: { id: "utf8", dictionary: false }, length, values: bytes, validity, nullCount, offsets });
    }
    const strings = parts.flatMap((p) => decodeStrings(p));
    const { bytes, offsets } = encodeStrings(strings, length);
    return makeColumn({ type: { id: "utf8", dictionary: false }, length, values: bytes, validity, nullCount, offsets });
  }
  const physical = parts[0]!.type;
  const { values } = storageFor(physical, length);
  if (physical.id === "bool") {
    let at = 0;
    for (const p of parts) { copyBits(p.values as Uint8Array, p.length, values as Uint8Array, at); at += p.length; }
  } else if (isWideType(physical)) {
    const out = wordsOf(values);
    let at = 0;
    // A column's buffers may be longer than its length (Arrow pads them): copy `length` entries only.
    for (const p of parts) { out.set(wordsOf(p.values).subarray(0, 2 * p.length), at * 2); at += p.length; }
  } else {
    let at = 0;
    for (const p of parts) { (values as Float64Array).set((p.values as Float64Array).subarray(0, p.length), at); at += p.length; }
  }
  return makeColumn({ type: physical, length, values, validity, nullCount });
}

/** Copies `length` bits of `src` (all set when src is null) into `dst` starting at bit `at`. */
export function copyBits(src: Uint8Array | null, length: number, dst: Uint8Array, at: number): void {
  if (src === null) {
    for (let i = 0; i < length; i++) { const j = at + i; dst[j >> 3]! |= 1 << (j & 7); }
    return;
  }
  if ((at & 7) === 0) {
    const whole = length >> 3;
    dst.set(src.subarray(0, whole), at >> 3);
    for (let i = whole << 3; i < length; i++) if ((src[i >> 3]! >> (i & 7)) & 1) { const j = at + i; dst[j >> 3]! |= 1 << (j & 7); }
    return;
  }
  for (let i = 0; i < length; i++) if ((src[i >> 3]! >> (i & 7)) & 1) { const j = at + i; dst[j >> 3]! |= 1 << (j & 7); }
}
