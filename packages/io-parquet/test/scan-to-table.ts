import * as arrow from "apache-arrow";
import type { DataSource, ScanCounters, ScanRequest } from "@datajax/core-ir";

/** Scans a source into one Arrow table (test helper). */
export async function scanToTable(source: DataSource, request: Partial<ScanRequest> = {}, counters?: ScanCounters): Promise<arrow.Table> {
  const batches: arrow.RecordBatch[] = [];
  for await (const b of source.scan({ columns: null, filter: null, ...request }, counters)) batches.push(b);
  return batches.length ? new arrow.Table(batches) : new arrow.Table(source.schema.fields.length ? [] : []);
}

export const newCounters = (): ScanCounters => ({ bytesRead: 0, unitsTotal: 0, unitsSkipped: 0 });

/** A table of `n` rows covering the types DataJAX computes with, nulls included. */
export function sampleTable(n: number): arrow.Table {
  const id = Int32Array.from({ length: n }, (_, i) => i);
  const amount = Float64Array.from({ length: n }, (_, i) => (i % 7) * 1.25 - 2);
  const big = BigInt64Array.from({ length: n }, (_, i) => BigInt(i) * 1_000_000_007n);
  const ts = BigInt64Array.from({ length: n }, (_, i) => 1_704_067_200_000_000n + BigInt(i) * 60_000_000n);
  const label = Array.from({ length: n }, (_, i) => (i % 5 === 0 ? null : `zone-${i % 11}`));
  const maybe = Array.from({ length: n }, (_, i) => (i % 3 === 0 ? null : i * 2));
  const flag = Array.from({ length: n }, (_, i) => i % 4 === 1);
  return new arrow.Table({
    id: arrow.makeVector(id),
    amount: arrow.makeVector(amount),
    big: arrow.makeVector(big),
    ts: arrow.makeVector({ type: new arrow.TimestampMicrosecond(), length: n, data: ts }),
    label: arrow.vectorFromArray(label, new arrow.Utf8()),
    maybe: arrow.vectorFromArray(maybe, new arrow.Int32()),
    flag: arrow.vectorFromArray(flag, new arrow.Bool()),
  });
}

/** Rows as plain JSON-able values (bigints as strings) for deep equality. */
export function rowsOf(t: arrow.Table): unknown[] {
  return JSON.parse(JSON.stringify(t.toArray().map((r) => r.toJSON()), (_k, v) => (typeof v === "bigint" ? v.toString() : v)));
}
