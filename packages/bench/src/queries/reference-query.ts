import type { Table } from "apache-arrow";
import type { Frame } from "@datajax/transforms";
import type { ArqueroQuery } from "./arquero-queries.js";
import type { PolarsQuery } from "./polars-queries.js";

/** The taxi columns a hand-written loop reads, as raw typed arrays plus validity bitmaps. */
export interface TaxiColumns {
  readonly rows: number;
  readonly PULocationID: Int32Array;
  readonly fare_amount: Float64Array;
  readonly trip_distance: Float64Array;
  readonly tip_amount: Float64Array;
  /** Validity bitmap of tip_amount (bit i set = not null), or null when it has no nulls. */
  readonly tip_valid: Uint8Array | null;
  readonly total_amount: Float64Array;
  /** tpep_pickup_datetime in microseconds, read as little-endian int32 pairs (no BigInt in loops). */
  readonly pickup_us_pairs: Int32Array;
}

/** A result as rows of plain values, sorted by its key columns, for comparing engines. */
export type ResultRows = Record<string, number | null>[];

/**
 * One reference query, written six ways: as a DataJAX pipeline, as DuckDB SQL over a table
 * named `trips`, as a straightforward hand-written loop over typed arrays, as the tuned loop of
 * issue 9 (tuned-loops.ts; the speed reference), in nodejs-polars' lazy API and in Arquero's verbs. All six return
 * the same rows.
 */
export interface ReferenceQuery {
  readonly name: string;
  readonly description: string;
  /** Columns the query reads. */
  readonly columns: readonly string[];
  /** Key columns that order the result rows. */
  readonly keys: readonly string[];
  readonly pipeline: (trips: Frame) => Frame;
  readonly sql: string;
  readonly handWritten: (c: TaxiColumns) => ResultRows;
  readonly tuned: (c: TaxiColumns) => ResultRows;
  readonly polars: PolarsQuery;
  readonly arquero: ArqueroQuery;
}

/** Rows of an Arrow table as plain objects with numbers (bigint converted), sorted by keys. */
export function tableRows(table: Table, keys: readonly string[]): ResultRows {
  const rows = table.toArray().map((r) => {
    const o: Record<string, number | null> = {};
    for (const f of table.schema.fields) {
      const v = (r as Record<string, unknown>)[f.name];
      o[f.name] = v === null || v === undefined ? null : typeof v === "bigint" ? Number(v) : (v as number);
    }
    return o;
  });
  return sortRows(rows, keys);
}

export function sortRows(rows: ResultRows, keys: readonly string[]): ResultRows {
  return rows.sort((a, b) => {
    for (const k of keys) {
      const x = a[k] ?? -Infinity;
      const y = b[k] ?? -Infinity;
      if (x !== y) return x < y ? -1 : 1;
    }
    return 0;
  });
}
