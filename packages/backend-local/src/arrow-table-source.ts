import * as arrow from "apache-arrow";
import { fromArrowSchema, type DataSource, type ScanCounters, type ScanRequest, type Schema } from "@datajax/core-ir";

/** An in-memory Arrow table as a DataSource (scan yields its batches, projected to the requested columns). */
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
