import { bitWidth, isSignedInteger, type DataType } from "@datajax/core-ir";

/** `x mod d` with the sign of `d` (d a positive integer literal); DuckDB's `%` truncates. */
export function floorMod(x: string, d: number | string): string {
  return `(((${x}) % ${d} + ${d}) % ${d})`;
}

/** `floor(x / d)` for a positive integer literal `d`; DuckDB's `//` truncates toward zero. */
export function floorDiv(x: string, d: number | string): string {
  return `(((${x}) - ${floorMod(x, d)}) // ${d})`;
}

/** Whether integer results of `type` wrap at their width (the ≤ 32-bit types, as Arrow kernels and the local backend do). */
export function wrapsAtWidth(type: DataType): boolean {
  return bitWidth(type) <= 32;
}

/**
 * Wraps an exact integer (computed in a wider DuckDB type) to `type`'s width, two's complement,
 * and casts it there. DuckDB itself raises an error on overflow instead.
 */
export function wrapInteger(type: DataType, wide: string): string {
  const w = bitWidth(type);
  const m = 2 ** w;
  if (isSignedInteger(type)) {
    const h = 2 ** (w - 1);
    return `CAST((((${wide}) + ${h}) % ${m} + ${m}) % ${m} - ${h} AS ${type.id === "int8" ? "TINYINT" : type.id === "int16" ? "SMALLINT" : "INTEGER"})`;
  }
  return `CAST(((${wide}) % ${m} + ${m}) % ${m} AS ${type.id === "uint8" ? "UTINYINT" : type.id === "uint16" ? "USMALLINT" : "UINTEGER"})`;
}
