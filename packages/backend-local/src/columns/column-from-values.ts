import type { DataType } from "@datajax/core-ir";
import { bitmapBytes, isWideType, makeColumn, storageFor, wordsOf, type Column } from "./column.js";
import { encodeStrings } from "./utf8-codec.js";
import { writeWide } from "./wide-int.js";

/**
 * A column of `type` from per-row numbers (bools as 0/1, temporals in their unit, strings for
 * utf8), valid where `valid[i]` is 1 (all valid when `valid` is null).
 */
export function columnFromValues(type: DataType, values: ArrayLike<number> | ArrayLike<string>, valid: Uint8Array | null, length: number): Column {
  let validity: Uint8Array | null = null;
  let nullCount = 0;
  if (valid) {
    validity = new Uint8Array(bitmapBytes(length));
    for (let i = 0; i < length; i++) {
      if (valid[i]) validity[i >> 3]! |= 1 << (i & 7);
      else nullCount++;
    }
  }
  if (type.id === "utf8") {
    const { bytes, offsets } = encodeStrings(values as ArrayLike<string>, length);
    return makeColumn({ type: { id: "utf8", dictionary: false }, length, values: bytes, offsets, validity, nullCount });
  }
  if (type.id === "null") return makeColumn({ type, length, values: new Float64Array(length), validity: new Uint8Array(bitmapBytes(length)), nullCount: length });
  const nums = values as ArrayLike<number>;
  const { values: out } = storageFor(type, length);
  if (type.id === "bool") {
    const bits = out as Uint8Array;
    for (let i = 0; i < length; i++) if (nums[i]) bits[i >> 3]! |= 1 << (i & 7);
  } else if (isWideType(type)) {
    const w = wordsOf(out);
    for (let i = 0; i < length; i++) { const v = nums[i]!; if (v === v) writeWide(w, i, v); }
  } else {
    const o = out as Float64Array;
    for (let i = 0; i < length; i++) o[i] = nums[i]!;
  }
  return makeColumn({ type, length, values: out, validity, nullCount });
}
