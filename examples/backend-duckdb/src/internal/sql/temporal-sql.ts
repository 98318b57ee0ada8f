import type { TimeUnit } from "@datajax/core-ir";
import { floorDiv, floorMod } from "./integer-arithmetic.js";

export const UNITS_PER_SECOND: Record<TimeUnit, number> = { s: 1, ms: 1e3, us: 1e6, ns: 1e9 };
export const unitsPerDay = (u: TimeUnit): number => UNITS_PER_SECOND[u] * 86400;

const pad = (sql: string, width: number) => `lpad(CAST(${sql} AS VARCHAR), ${width}, '0')`;

/** `YYYY-MM-DD` of days since the epoch (the local backend's format). */
export function dateText(days: string): string {
  const d = `(DATE '1970-01-01' + CAST(${days} AS INTEGER))`;
  return `(${pad(`year(${d})`, 4)} || '-' || ${pad(`month(${d})`, 2)} || '-' || ${pad(`day(${d})`, 2)})`;
}

/** `YYYY-MM-DD HH:MM:SS[.fraction]` in UTC; the fraction (unit digits) only when it is not zero. */
export function timestampText(v: string, unit: TimeUnit): string {
  const ups = UNITS_PER_SECOND[unit];
  const days = floorDiv(v, ups * 86400);
  const secs = `(${floorMod(v, ups * 86400)} // ${ups})`;
  const base = `${dateText(days)} || ' ' || ${pad(`${secs} // 3600`, 2)} || ':' || ${pad(`(${secs} // 60) % 60`, 2)} || ':' || ${pad(`${secs} % 60`, 2)}`;
  if (unit === "s") return `(${base})`;
  const frac = floorMod(v, ups);
  const digits = unit === "ms" ? 3 : unit === "us" ? 6 : 9;
  return `(${base} || CASE WHEN ${frac} = 0 THEN '' ELSE '.' || ${pad(frac, digits)} END)`;
}
