import type { RecordBatch } from "apache-arrow";
import type { Expr } from "../expr/expr.js";
import type { Schema } from "../types/schema.js";

/**
 * What a Scan asks of a source.
 *
 * @example
 * ```ts
 * import type { DataSource, ScanRequest } from "@datajax/core-ir";
 *
 * declare const source: DataSource;
 * const request: ScanRequest = { columns: ["PULocationID", "fare_amount"], filter: null, partition: { index: 0, count: 4 } };
 * for await (const batch of source.scan(request)) console.log(batch.numRows);
 * ```
 */
export interface ScanRequest {
  /** Columns to read, in this order; null reads all. */
  readonly columns: readonly string[] | null;
  /**
   * A predicate the source may use to skip data (row-group statistics, partitions). It is a hint:
   * the backend still applies it row by row, so a source may return rows that fail it.
   */
  readonly filter: Expr | null;
  /** This reader's share when the scan is split over ranks: `index` of `count`. */
  readonly partition?: {
    /** This reader's position, 0..count-1. */
    readonly index: number;
    /** How many readers share the scan. */
    readonly count: number;
  };
}

/**
 * Per-column statistics a source may know without reading data (min/max from Parquet footers).
 *
 * @example
 * ```ts
 * import type { ColumnStatistics, DataSource } from "@datajax/core-ir";
 *
 * declare const source: DataSource;
 * const fare: ColumnStatistics | undefined = source.statistics?.()?.get("fare_amount");
 * if (typeof fare?.min === "number" && fare.min >= 0) console.log("no negative fares");
 * ```
 */
export interface ColumnStatistics {
  /** Smallest non-null value, if known. */
  readonly min?: number | bigint | string | boolean | null;
  /** Largest non-null value, if known. */
  readonly max?: number | bigint | string | boolean | null;
  /** Number of null values, if known. */
  readonly nullCount?: number;
}

/**
 * Counts a source reports while scanning (for metrics); the source adds to them as it goes.
 *
 * @example
 * ```ts
 * import type { DataSource, ScanCounters } from "@datajax/core-ir";
 *
 * declare const source: DataSource;
 * const counters: ScanCounters = { bytesRead: 0, unitsTotal: 0, unitsSkipped: 0 };
 * for await (const _batch of source.scan({ columns: null, filter: null }, counters));
 * console.log(`${counters.bytesRead} bytes, ${counters.unitsSkipped} of ${counters.unitsTotal} row groups skipped`);
 * ```
 */
export interface ScanCounters {
  /** Bytes read from storage so far. */
  bytesRead: number;
  /** Units (row groups, files...) the scan covers. */
  unitsTotal: number;
  /** Units skipped without reading (by statistics or partition). */
  unitsSkipped: number;
}

/**
 * A table that can be scanned as a stream of Arrow record batches (an in-memory Arrow table,
 * a Parquet file or folder...). Implemented by io-parquet and the runtime; consumed by backends.
 *
 * @example
 * ```ts
 * import { tableFromArrays } from "apache-arrow";
 * import { fromArrowSchema, type DataSource } from "@datajax/core-ir";
 *
 * const table = tableFromArrays({ fare_amount: Float64Array.from([7.5, 12, 30.25]) });
 * const fares: DataSource = {
 *   kind: "memory", name: "fares", uri: "memory:fares", schema: fromArrowSchema(table.schema), rowCount: table.numRows,
 *   fingerprint: () => "memory:fares:v1",
 *   async *scan() { yield* table.batches; },
 * };
 * ```
 */
export interface DataSource {
  /** Source kind (`memory`, `parquet`...). */
  readonly kind: string;
  /** Display name (a table or file name). */
  readonly name: string;
  /** Identity for printing and plan JSON (a path, or `memory:<name>`). */
  readonly uri: string;
  /** Schema of the rows it yields. */
  readonly schema: Schema;
  /** Number of rows if known without scanning. */
  readonly rowCount?: number;
  /** Column statistics over the whole source, if known. */
  statistics?(): ReadonlyMap<string, ColumnStatistics> | undefined;
  /** A content identity for result caches (paths + sizes + mtimes, or a hash). */
  fingerprint(): string;
  /**
   * Streams the requested columns, in order, as record batches; updates `counters` when given.
   * May return rows that fail `request.filter` (it is a hint).
   */
  scan(request: ScanRequest, counters?: ScanCounters): AsyncIterable<RecordBatch>;
}

/**
 * Whether `x` looks like a DataSource (a `schema` object and `scan` and `fingerprint` methods):
 * a duck-typed check for values users pass in.
 *
 * @example
 * ```ts
 * import { isDataSource } from "@datajax/core-ir";
 *
 * declare const input: unknown;
 * if (!isDataSource(input)) throw new TypeError("expected a DataSource (an Arrow table source or a Parquet reader)");
 * console.log(input.uri);
 * ```
 */
export function isDataSource(x: unknown): x is DataSource {
  return typeof x === "object" && x !== null && typeof (x as DataSource).scan === "function" && typeof (x as DataSource).schema === "object" && typeof (x as DataSource).fingerprint === "function";
}
