import type * as arrow from "apache-arrow";
import { fromArrowSchema, type DataSource, type ScanCounters, type ScanRequest, type Schema } from "@datajax/core-ir";

/**
 * An in-memory Arrow table as a DataSource (scan yields its batches, projected to the requested
 * columns; partitions are ignored). Its fingerprint is `memory:<name>:<rows>`; runtime's
 * tableSource gives each table a unique one instead.
 *
 * @example
 * ```ts
 * import { tableFromArrays } from "apache-arrow";
 * import { arrowTableSource } from "@datajax/backend-local";
 *
 * const trips = arrowTableSource("trips", tableFromArrays({ fare_amount: Float64Array.from([12.5, 8]) }));
 * trips.rowCount; // 2
 * ```
 */
export function arrowTableSource(name: string, table: arrow.Table): DataSource {
  const schema: Schema = fromArrowSchema(table.schema);
  return {
    kind: "memory",
    name,
    uri: `memory:${name}`,
    schema,
    rowCount: table.numRows,
    fingerprint: () => `memory:${name}:${table.numRows}`,
    async *scan(request: ScanRequest, counters?: ScanCounters) {
      if (counters) counters.unitsTotal += table.batches.length;
      for (const b of table.batches) {
        const out = request.columns ? b.select(request.columns as string[]) : b;
        if (counters) counters.bytesRead += out.data.children.reduce((n, c) => n + (c.byteLength ?? 0), 0);
        yield out;
      }
    },
  };
}
