import * as arrow from "apache-arrow";
import type { ConformanceRow } from "./conformance-case.js";

/**
 * The rows of an Arrow table as plain values, in the conformance kit's convention: int64 as a
 * number when it is a safe integer, date32 as days, timestamps as integers in their unit,
 * dictionary strings decoded. Reads raw buffers for temporal columns (no unit conversion).
 *
 * @example
 * tableRows(tableFromArrays({ n: BigInt64Array.from([3n]) })); // [{ n: 3 }]
 */
export function tableRows(table: arrow.Table): ConformanceRow[] {
  const rows: Record<string, unknown>[] = [];
  const names = table.schema.fields.map((f) => f.name);
  for (const batch of table.batches) {
    const columns = batch.data.children.map((data) => readerOf(data as arrow.Data));
    for (let i = 0; i < batch.numRows; i++) {
      const row: Record<string, unknown> = {};
      names.forEach((name, c) => (row[name] = columns[c]!(i)));
      rows.push(row);
    }
  }
  return rows;
}

/**
 * bigint → number where that is exact; everything else as it is.
 *
 * @example
 * plainValue(3n); // 3
 * plainValue(2n ** 60n); // 1152921504606846976n (kept: not a safe integer)
 */
export function plainValue(v: unknown): unknown {
  if (typeof v === "bigint") {
    const n = Number(v);
    return Number.isSafeInteger(n) ? n : v;
  }
  return v;
}

function readerOf(data: arrow.Data): (i: number) => unknown {
  const vector = arrow.makeVector(data);
  const temporal = arrow.DataType.isTimestamp(data.type) || arrow.DataType.isDate(data.type);
  if (!temporal) return (i) => (vector.isValid(i) ? plainValue(vector.get(i)) : null);
  // Raw values: days for date32 (milliseconds for date64), ticks of the unit for timestamps.
  const values = data.values as ArrayLike<number | bigint>;
  return (i) => (vector.isValid(i) ? plainValue(values[data.offset + i]) : null);
}
