import * as arrow from "apache-arrow";

/** A timestamp vector from bigint values in `unit` (null entries are null). */
export function timestamps(values: readonly (bigint | null)[], unit: arrow.TimeUnit = arrow.TimeUnit.MICROSECOND): arrow.Vector {
  const data = BigInt64Array.from(values, (v) => v ?? 0n);
  const nullBitmap = new Uint8Array((values.length + 7) >> 3);
  values.forEach((v, i) => { if (v !== null) nullBitmap[i >> 3]! |= 1 << (i & 7); });
  return arrow.makeVector(arrow.makeData({ type: new arrow.Timestamp(unit, null), length: values.length, data, nullBitmap, nullCount: values.filter((v) => v === null).length }));
}

/** A date32 vector from day numbers. */
export function dates(values: readonly (number | null)[]): arrow.Vector {
  const data = Int32Array.from(values, (v) => v ?? 0);
  const nullBitmap = new Uint8Array((values.length + 7) >> 3);
  values.forEach((v, i) => { if (v !== null) nullBitmap[i >> 3]! |= 1 << (i & 7); });
  return arrow.makeVector(arrow.makeData({ type: new arrow.DateDay(), length: values.length, data, nullBitmap, nullCount: values.filter((v) => v === null).length }));
}

export const ints = (v: readonly (number | null)[]) => arrow.vectorFromArray(v as (number | null)[], new arrow.Int32());
export const bigints = (v: readonly (number | null)[]) => arrow.vectorFromArray(v.map((x) => (x === null ? null : BigInt(x))), new arrow.Int64());
export const floats = (v: readonly (number | null)[]) => arrow.vectorFromArray(v as (number | null)[], new arrow.Float64());
export const bools = (v: readonly (boolean | null)[]) => arrow.vectorFromArray(v as (boolean | null)[], new arrow.Bool());
export const strings = (v: readonly (string | null)[]) => arrow.vectorFromArray(v as (string | null)[], new arrow.Utf8());
export const dictStrings = (v: readonly (string | null)[]) => arrow.vectorFromArray(v as (string | null)[], new arrow.Dictionary(new arrow.Utf8(), new arrow.Int32()));

export const tableOf = (columns: Record<string, arrow.Vector>) => new arrow.Table(columns);
