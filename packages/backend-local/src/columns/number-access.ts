import type { Column } from "./column.js";
import { isWideType, wordsOf } from "./column.js";
import { wideToFloat64 } from "./wide-int.js";

/**
 * The values of a numeric, temporal or bool column as a float64-compatible array (one pass for
 * wide integers and bools, a view otherwise). Wide integers are exact below 2^53.
 */
export function numbersOf(c: Column): ArrayLike<number> {
  if (isWideType(c.type)) return wideToFloat64(wordsOf(c.values), c.length, c.type.id === "uint64");
  if (c.type.id === "bool") {
    const bits = c.values as Uint8Array;
    const out = new Uint8Array(c.length);
    for (let i = 0; i < c.length; i++) out[i] = (bits[i >> 3]! >> (i & 7)) & 1;
    return out;
  }
  return c.values as ArrayLike<number>;
}
