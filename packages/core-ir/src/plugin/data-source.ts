import type { RecordBatch } from "apache-arrow";
import type { Expr } from "../expr/expr.js";
import type { Schema } from "../types/schema.js";

/** What a Scan asks of a source. */
export interface ScanRequest {
  /** Columns to read, in this order; null reads all. */
  readonly columns: readonly string[] | null;
  /**
   * A predicate the source may use to skip data (row-group statistics, partitions). It is a hint:
   * the backend still applies it row by row, so a source may return rows that fail it.
   */
  readonly filter: Expr | null;
  /** This reader's share when the scan is split over ranks: `index` of `count`. */
  readonly partition?: { readonly index: number; readonly count: number };
}

/** Per-column statistics a source may know without reading data (min/max from Parquet footers). */
export interface ColumnStatistics {
  readonly min?: number | bigint | string | boolean | null;
  readonly max?: number | bigint | string | boolean | null;
  readonly nullCount?: number;
}

/** Counts a source reports while scanning (for metrics). */
export interface ScanCounters {
  bytesRead: number;
  unitsTotal: number;
  unitsSkipped: number;
}

/**
 * A table that can be scanned as a stream of Arrow record batches (an in-memory Arrow table,
 * a Parquet file or folder...). Implemented by io-parquet and the runtime; consumed by backends.
 */
export interface DataSource {
  readonly kind: string;
  readonly name: string;
  /** Identity for printing and plan JSON (a path, or `memory:<name>`). */
  readonly uri: string;
  readonly schema: Schema;
  /** Number of rows if known without scanning. */
  readonly rowCount?: number;
  /** Column statistics over the whole source, if known. */
  statistics?(): ReadonlyMap<string, ColumnStatistics> | undefined;
  /** A content identity for result caches (paths + sizes + mtimes, or a hash). */
  fingerprint(): string;
  scan(request: ScanRequest, counters?: ScanCounters): AsyncIterable<RecordBatch>;
}

export function isDataSource(x: unknown): x is DataSource {
  return typeof x === "object" && x !== null && typeof (x as DataSource).scan === "function" && typeof (x as DataSource).schema === "object" && typeof (x as DataSource).fingerprint === "function";
}
