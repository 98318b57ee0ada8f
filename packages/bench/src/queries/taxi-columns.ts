import type { Table } from "apache-arrow";
import type { TaxiColumns } from "./reference-query.js";

/** Concatenates a column's chunks into one typed array (done once, outside any timed region). */
function concat<T extends Int32Array | Float64Array>(table: Table, name: string, Ctor: { new (n: number): T }): T {
  const v = table.getChild(name);
  if (!v) throw new Error(`taxi table has no column ${name}`);
  const out = new Ctor(table.numRows);
  let at = 0;
  for (const d of v.data) {
    out.set(d.values.subarray(0, d.length) as T, at);
    at += d.length;
  }
  return out;
}

function validity(table: Table, name: string): Uint8Array | null {
  const v = table.getChild(name)!;
  if (v.nullCount === 0) return null;
  const out = new Uint8Array((table.numRows + 7) >> 3).fill(0xff);
  let at = 0;
  for (const d of v.data) {
    if (d.nullBitmap && d.nullCount > 0) {
      for (let i = 0; i < d.length; i++) {
        const bit = (d.nullBitmap[(d.offset + i) >> 3]! >> ((d.offset + i) & 7)) & 1;
        if (!bit) out[(at + i) >> 3]! &= ~(1 << ((at + i) & 7));
      }
    }
    at += d.length;
  }
  return out;
}

function pairs(table: Table, name: string): Int32Array {
  const v = table.getChild(name)!;
  const out = new Int32Array(table.numRows * 2);
  let at = 0;
  for (const d of v.data) {
    const b = d.values as BigInt64Array;
    out.set(new Int32Array(b.buffer, b.byteOffset, d.length * 2), at * 2);
    at += d.length;
  }
  return out;
}

/** The typed arrays the hand-written loops read. */
export function taxiColumns(table: Table): TaxiColumns {
  return {
    rows: table.numRows,
    PULocationID: concat(table, "PULocationID", Int32Array),
    fare_amount: concat(table, "fare_amount", Float64Array),
    trip_distance: concat(table, "trip_distance", Float64Array),
    tip_amount: concat(table, "tip_amount", Float64Array),
    tip_valid: validity(table, "tip_amount"),
    total_amount: concat(table, "total_amount", Float64Array),
    pickup_us_pairs: pairs(table, "tpep_pickup_datetime"),
  };
}
