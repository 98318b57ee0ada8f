import type { DataType } from "@datajax/core-ir";
import { formatDate, formatTimestamp } from "./datetime.js";

const INTEGER_TEXT = /^\s*[+-]?\d+\s*$/;
const FLOAT_TEXT = /^\s*[+-]?(\d+\.?\d*([eE][+-]?\d+)?|\.\d+([eE][+-]?\d+)?|inf|infinity|nan)\s*$/i;

/** Parses an integer; NaN (→ null) when the text is not one. */
export function parseInteger(s: string): number {
  return INTEGER_TEXT.test(s) ? Number(s) : NaN;
}

/** Parses a float; `null` marks text that is not a number (NaN text parses to NaN). */
export function parseFloatOrNull(s: string): number | null {
  if (!FLOAT_TEXT.test(s)) return null;
  const t = s.trim().toLowerCase().replace(/^\+/, "");
  if (t === "nan" || t === "-nan") return NaN;
  if (t === "inf" || t === "infinity") return Infinity;
  if (t === "-inf" || t === "-infinity") return -Infinity;
  return Number(t);
}

const INTEGER_RANGE: Record<string, readonly [number, number]> = {
  int8: [-128, 127], int16: [-32768, 32767], int32: [-2147483648, 2147483647], int64: [-(2 ** 63), 2 ** 63 - 1],
  uint8: [0, 255], uint16: [0, 65535], uint32: [0, 4294967295], uint64: [0, 2 ** 64 - 1],
};

/** Truncates toward zero; NaN (→ null) when the value is not finite or does not fit `to`. */
export function toInteger(v: number, to: DataType): number {
  const t = Math.trunc(v);
  const range = INTEGER_RANGE[to.id];
  if (!Number.isFinite(t) || (range && (t < range[0] || t > range[1]))) return NaN;
  return t;
}

/** Text of a value of `from` (dates as YYYY-MM-DD, timestamps in UTC). */
export function formatValue(v: number | boolean | string, from: DataType): string {
  if (from.id === "date32") return formatDate(v as number);
  if (from.id === "timestamp") return formatTimestamp(v as number, from.unit);
  return String(v);
}

/** Rounds half away from zero to `decimals` digits (negative decimals round to tens, hundreds...). */
export function roundHalfAway(v: number, decimals: number): number {
  if (!Number.isFinite(v)) return v;
  const f = 10 ** decimals;
  const r = Math.round(Math.abs(v) * f) / f;
  return v < 0 ? -r : r;
}
