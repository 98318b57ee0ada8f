import type { DataType, LiteralValue } from "@datajax/core-ir";
import { computeType } from "./duckdb-types.js";

/** A double-quoted SQL identifier (embedded quotes doubled), safe for any column name. */
export function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/** A single-quoted SQL string literal. */
export function quoteString(s: string): string {
  return `'${s.replaceAll("'", "''")}'`;
}

/** The row-order column every generated relation carries (input order; see stage-sql). */
export const ORDER_COLUMN = "__djx_ord";
export const ORD = quoteIdent(ORDER_COLUMN);

/** A typed SQL literal in the compute type of `type` (see duckdb-types). */
export function literalSql(value: LiteralValue, type: DataType): string {
  if (type.id === "null") return "NULL";
  const target = computeType(type);
  if (value === null) return `CAST(NULL AS ${target})`;
  if (typeof value === "boolean") return value ? "TRUE" : "FALSE";
  if (typeof value === "string") return type.id === "utf8" ? quoteString(value) : `CAST(${quoteString(value)} AS ${target})`;
  if (typeof value === "bigint") return `CAST(${value.toString()} AS ${target})`;
  // Doubles go through their shortest round-trip text, which DuckDB parses to the same double.
  if (Number.isNaN(value)) return `CAST('nan' AS ${target})`;
  if (!Number.isFinite(value)) return `CAST('${value > 0 ? "inf" : "-inf"}' AS ${target})`;
  if (Object.is(value, -0)) return `CAST('-0.0' AS ${target})`;
  return `CAST(${String(value)} AS ${target})`;
}
