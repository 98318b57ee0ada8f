import { Float64, Int32, Table, TimestampMillisecond, Utf8, vectorFromArray } from "apache-arrow";

const at = (h: number, m = 0) => new Date(Date.UTC(2024, 0, 1, h, m));

/** Eight small taxi trips with nulls, a zero fare and a zero distance (both filtered out by featurize). */
export function tripsTable(): Table {
  return new Table({
    PULocationID: vectorFromArray([1, 1, 2, 2, 1, 3, 2, 1], new Int32()),
    tpep_pickup_datetime: vectorFromArray([at(5), at(5, 30), at(6), at(6, 10), at(7), at(5), at(6, 59), at(5, 45)], new TimestampMillisecond()),
    fare_amount: vectorFromArray([10, 20, 0, 8, 12, 30, 4, null], new Float64()),
    tip_amount: vectorFromArray([1, 4, 0, 2, null, 6, 1, 1], new Float64()),
    total_amount: vectorFromArray([11, 24, 0, 10, 12, 36, 5, 2], new Float64()),
    trip_distance: vectorFromArray([1.2, 3.4, 0.5, 0, 2.2, 8.1, 0.7, 1], new Float64()),
    store_and_fwd_flag: vectorFromArray(["N", "N", "Y", null, "N", "N", "Y", "N"], new Utf8()),
  });
}

/** The same columns with fare_amount as int32 (a different signature). */
export function tripsTableIntFares(): Table {
  const t = tripsTable();
  return new Table({
    PULocationID: t.getChild("PULocationID")!,
    tpep_pickup_datetime: t.getChild("tpep_pickup_datetime")!,
    fare_amount: vectorFromArray([10, 20, 0, 8, 12, 30, 4, null], new Int32()),
    tip_amount: t.getChild("tip_amount")!,
    total_amount: t.getChild("total_amount")!,
    trip_distance: t.getChild("trip_distance")!,
    store_and_fwd_flag: t.getChild("store_and_fwd_flag")!,
  });
}

/** Rows of a table as plain objects, sorted by the given columns. */
export function rowsOf(table: Table, ...sortBy: string[]): Record<string, unknown>[] {
  const rows = table.toArray().map((r) => ({ ...(r.toJSON() as Record<string, unknown>) }));
  const cmp = (a: unknown, b: unknown) => (a === b ? 0 : a === null ? 1 : b === null ? -1 : (a as number) < (b as number) ? -1 : 1);
  return rows.sort((x, y) => {
    for (const c of sortBy) {
      const d = cmp(x[c], y[c]);
      if (d !== 0) return d;
    }
    return 0;
  });
}
