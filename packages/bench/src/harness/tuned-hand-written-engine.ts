import { sortRows, type TaxiColumns } from "../queries/reference-query.js";
import { taxiColumns } from "../queries/taxi-columns.js";
import type { Engine } from "./engine.js";
import { readTaxiTable } from "./read-taxi-table.js";

/** The tuned hand-written loops of issue 9 (queries/tuned-loops.ts): the speed reference. */
export function tunedHandWrittenEngine(): Engine {
  let columns: TaxiColumns;
  return {
    id: "hand-written-tuned",
    async load(path) {
      columns = taxiColumns(await readTaxiTable(path));
    },
    async prepare(query) {
      return async () => sortRows(query.tuned(columns), query.keys);
    },
  };
}
