import * as arrow from "apache-arrow";

// Arrow vectors for the cases' inputs, nulls included (null entries of a list are null values).

export const int32s = (v: readonly (number | null)[]): arrow.Vector => arrow.vectorFromArray(v as (number | null)[], new arrow.Int32());
export const int64s = (v: readonly (number | null)[]): arrow.Vector => arrow.vectorFromArray(v.map((x) => (x === null ? null : BigInt(x))), new arrow.Int64());
export const float64s = (v: readonly (number | null)[]): arrow.Vector => arrow.vectorFromArray(v as (number | null)[], new arrow.Float64());
export const bools = (v: readonly (boolean | null)[]): arrow.Vector => arrow.vectorFromArray(v as (boolean | null)[], new arrow.Bool());
export const utf8s = (v: readonly (string | null)[]): arrow.Vector => arrow.vectorFromArray(v as (string | null)[], new arrow.Utf8());
export const dictUtf8s = (v: readonly (string | null)[]): arrow.Vector => arrow.vectorFromArray(v as (string | null)[], new arrow.Dictionary(new arrow.Utf8(), new arrow.Int32()));

function validity(values: readonly unknown[]): { nullBitmap: Uint8Array; nullCount: number } {
  const nullBitmap = new Uint8Array((values.length + 7) >> 3);
  values.forEach((v, i) => {
    if (v !== null) nullBitmap[i >> 3]! |= 1 << (i & 7);
  });
  return { nullBitmap, nullCount: values.filter((v) => v === null).length };
}

/** Timestamps from integer ticks of `unit` (no time zone). */
export function timestamps(v: readonly (number | null)[], unit: arrow.TimeUnit = arrow.TimeUnit.MICROSECOND): arrow.Vector {
  const data = BigInt64Array.from(v, (x) => BigInt(x ?? 0));
  return arrow.makeVector(arrow.makeData({ type: new arrow.Timestamp(unit, null), length: v.length, data, ...validity(v) }));
}

/** date32 from days since 1970-01-01. */
export function dates(v: readonly (number | null)[]): arrow.Vector {
  return arrow.makeVector(arrow.makeData({ type: new arrow.DateDay(), length: v.length, data: Int32Array.from(v, (x) => x ?? 0), ...validity(v) }));
}

export const tableOf = (columns: Record<string, arrow.Vector>): arrow.Table => new arrow.Table(columns);

/** The same rows split into batches of `rows` rows (multi-batch inputs). */
export function inBatches(table: arrow.Table, rows: number): arrow.Table {
  const batches: arrow.RecordBatch[] = [];
  for (let s = 0; s < table.numRows; s += rows) batches.push(...table.slice(s, Math.min(table.numRows, s + rows)).batches);
  return new arrow.Table(table.schema, batches);
}

/** No rows, same schema. */
export const emptyOf = (table: arrow.Table): arrow.Table => table.slice(0, 0);
