import type { RecordBatch, Table } from "apache-arrow";
import type { DataSource, ScanCounters, ScanRequest } from "@datajax/core-ir";
import { tableSource } from "@datajax/runtime";
import { RankShareMismatchError } from "./rank-share-mismatch-error.js";

/**
 * This rank's share of the trips, held in memory, as the argument of a distributed run: the
 * native backend's block scan on rank r of N asks for partition {index: r, count: N} (its
 * rank-share rule), which is exactly the rows this rank loaded, so every batch is yielded. Any
 * other request (another share, or every row on several ranks) throws RankShareMismatchError
 * rather than return the wrong rows. In a world of one it is a plain in-memory table.
 */
export function rankLocalTableSource(table: Table, name: string, place: { readonly rank: number; readonly size: number }): DataSource {
  const inner = tableSource(table, name);
  const { rank, size } = place;
  return {
    kind: inner.kind,
    name: inner.name,
    uri: inner.uri,
    schema: inner.schema,
    fingerprint: () => `${inner.fingerprint()}#rank${rank}of${size}`,
    scan(request: ScanRequest, counters?: ScanCounters): AsyncIterable<RecordBatch> {
      const p = request.partition;
      const mine = size === 1 ? p === undefined || p.count === 1 : p !== undefined && p.count === size && p.index === rank;
      if (!mine) throw new RankShareMismatchError(rank, size, request);
      const { partition: _ours, ...rest } = request;
      return inner.scan(rest, counters);
    },
  };
}
