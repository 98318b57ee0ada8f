import type { Column } from "../columns/column.js";
import { numbersOf } from "../columns/number-access.js";

/** Per-batch access to one key column: numbers (ints, floats, bools, temporals) or utf8 bytes. */
export type KeyReader =
  | { readonly kind: "number"; readonly nums: ArrayLike<number>; readonly validity: Uint8Array | null }
  | {
      readonly kind: "string";
      readonly bytes: Uint8Array;
      readonly offsets: Int32Array;
      /** Dictionary indices per row (the bytes and offsets are then the dictionary's). */
      readonly indices: Int32Array | null;
      readonly validity: Uint8Array | null;
    };

export function keyReader(c: Column): KeyReader {
  if (c.type.id === "utf8") {
    const d = c.dictionary;
    return d
      ? { kind: "string", bytes: d.values as Uint8Array, offsets: d.offsets!, indices: c.values as Int32Array, validity: c.validity }
      : { kind: "string", bytes: c.values as Uint8Array, offsets: c.offsets!, indices: null, validity: c.validity };
  }
  if (c.type.id === "null") {
    return { kind: "number", nums: new Float64Array(c.length), validity: new Uint8Array((c.length + 7) >> 3) };
  }
  return { kind: "number", nums: numbersOf(c), validity: c.validity };
}

/** Key types whose values are small integers, eligible for a dense (array-indexed) table. */
export const isIntegralKey = (typeId: string): boolean => /^(u?int\d+|date32|bool|timestamp)$/.test(typeId);
