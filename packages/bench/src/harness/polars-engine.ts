import type { DataFrame } from "nodejs-polars";
import type pl from "nodejs-polars";
import { sortRows, type ResultRows } from "../queries/reference-query.js";
import type { Engine } from "./engine.js";

/**
 * nodejs-polars' lazy API (its default thread pool: every core), over a DataFrame read from the
 * Parquet file at load time. The library is imported only by this engine (native code, its own
 * memory). The harness yields to the event loop between runs: polars frees native memory only
 * when the loop turns.
 */
export function polarsEngine(): Engine {
  let polars: typeof pl;
  let trips: DataFrame;
  return {
    id: "polars",
    async load(path) {
      polars = (await import("nodejs-polars")).default;
      trips = polars.readParquet(path);
    },
    async prepare(query) {
      return {
        run: () => query.polars(polars, trips.lazy()).collect(),
        rows: (out: DataFrame) => sortRows(plainRows(out.toRecords()), query.keys),
      };
    },
  };
}

/** Records with numbers only (counts may come back as bigint). */
function plainRows(records: readonly Record<string, unknown>[]): ResultRows {
  return records.map((r) => {
    const o: Record<string, number | null> = {};
    for (const [k, v] of Object.entries(r)) o[k] = v === null || v === undefined ? null : Number(v);
    return o;
  });
}
