import * as duckdb from "@duckdb/node-api";
import type { DataType } from "@datajax/core-ir";

/**
 * How DataJAX types live in DuckDB. Dates and timestamps are kept as the integers Arrow stores
 * (days; units since the epoch), so comparisons, grouping and joins are exact and no time zone
 * setting can shift them; the datetime operators compute calendar parts from those integers.
 * Strings (plain or dictionary) are VARCHAR.
 */
const STORAGE: Record<DataType["id"], string> = {
  null: "INTEGER", bool: "BOOLEAN",
  int8: "TINYINT", int16: "SMALLINT", int32: "INTEGER", int64: "BIGINT",
  uint8: "UTINYINT", uint16: "USMALLINT", uint32: "UINTEGER", uint64: "UBIGINT",
  float32: "FLOAT", float64: "DOUBLE", utf8: "VARCHAR", date32: "INTEGER", timestamp: "BIGINT",
};

/** The DuckDB column type a value of `type` is stored as (input tables, stage outputs, results). */
export function storageType(type: DataType): string {
  return STORAGE[type.id];
}

/**
 * The DuckDB type expressions of `type` compute in. Floats compute in DOUBLE, as the local
 * backend's kernels compute in JS doubles and round to float32 only when a column is written.
 */
export function computeType(type: DataType): string {
  return type.id === "float32" ? "DOUBLE" : STORAGE[type.id];
}

const CHUNK_TYPES: Record<DataType["id"], duckdb.DuckDBType> = {
  null: duckdb.INTEGER, bool: duckdb.BOOLEAN,
  int8: duckdb.TINYINT, int16: duckdb.SMALLINT, int32: duckdb.INTEGER, int64: duckdb.BIGINT,
  uint8: duckdb.UTINYINT, uint16: duckdb.USMALLINT, uint32: duckdb.UINTEGER, uint64: duckdb.UBIGINT,
  float32: duckdb.FLOAT, float64: duckdb.DOUBLE, utf8: duckdb.VARCHAR, date32: duckdb.INTEGER, timestamp: duckdb.BIGINT,
};

/** The node-api type object of `storageType(type)` (for data chunks). */
export function chunkType(type: DataType): duckdb.DuckDBType {
  return CHUNK_TYPES[type.id];
}
