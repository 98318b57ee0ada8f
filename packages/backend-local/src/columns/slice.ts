import { rebaseBitmap } from "./bitmap.js";
import { makeColumn, type Column } from "./column.js";

/** Rows [start, end) of `c` (views where the layout allows). */
export function sliceColumn(c: Column, start: number, end: number): Column {
  const length = end - start;
  const validity = c.validity ? rebaseBitmap(c.validity, start, length) : null;
  if (c.type.id === "bool") return makeColumn({ type: c.type, length, values: rebaseBitmap(c.values as Uint8Array, start, length), validity });
  if (c.type.id === "utf8" && !c.dictionary) return makeColumn({ type: c.type, length, values: c.values, offsets: c.offsets!.subarray(start, end + 1), validity });
  return makeColumn({ type: c.type, length, values: c.values.subarray(start, end), validity, dictionary: c.dictionary });
}
