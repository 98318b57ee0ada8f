import { tableToIPC } from "apache-arrow";
import type { ColumnTable } from "arquero";
import type * as aqModule from "arquero";
import { sortRows, type ResultRows } from "../queries/reference-query.js";
import type { Engine } from "./engine.js";
import { readTaxiTable } from "./read-taxi-table.js";

/**
 * Arquero's verbs over a table built at load from the Parquet file (io-parquet → Arrow IPC →
 * `aq.fromArrow`, timed as load). Arquero is imported only by this engine.
 */
export function arqueroEngine(): Engine {
  let aq: typeof aqModule;
  let trips: ColumnTable;
  return {
    id: "arquero",
    async load(path) {
      aq = await import("arquero");
      trips = aq.fromArrow(tableToIPC(await readTaxiTable(path), "stream"));
    },
    async prepare(query) {
      return { run: async () => query.arquero(aq, trips), rows: (t: ColumnTable) => sortRows(plainRows(t.objects() as Record<string, unknown>[]), query.keys) };
    },
  };
}

/** Rows with numbers only (Arquero may hand back undefined for a missing aggregate). */
function plainRows(records: readonly Record<string, unknown>[]): ResultRows {
  return records.map((r) => {
    const o: Record<string, number | null> = {};
    for (const [k, v] of Object.entries(r)) o[k] = v === null || v === undefined || Number.isNaN(v) ? null : Number(v);
    return o;
  });
}
