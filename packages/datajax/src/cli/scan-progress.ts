import type { RecordBatch } from "apache-arrow";
import type { DataSource, ScanCounters, ScanRequest } from "@datajax/core-ir";

/**
 * The same source, reporting rows scanned (of `source.rowCount`) as batches flow. Its schema and
 * identity are the source's, so djit's cache treats it as the same argument type.
 */
export function withScanProgress(source: DataSource, onProgress: (rowsDone: number, rowsTotal: number) => void): DataSource {
  const total = source.rowCount ?? 0;
  return {
    kind: source.kind,
    name: source.name,
    uri: source.uri,
    schema: source.schema,
    ...(source.rowCount !== undefined ? { rowCount: source.rowCount } : {}),
    ...(source.statistics ? { statistics: () => source.statistics!() } : {}),
    fingerprint: () => source.fingerprint(),
    async *scan(request: ScanRequest, counters?: ScanCounters): AsyncIterable<RecordBatch> {
      let done = 0;
      for await (const batch of source.scan(request, counters)) {
        done += batch.numRows;
        onProgress(done, total);
        yield batch;
      }
      onProgress(total, total);
    },
  };
}
