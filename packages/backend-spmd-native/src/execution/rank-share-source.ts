import type { DataSource, ScanCounters, ScanRequest, Sharding } from "@datajax/core-ir";
import { gatherRows } from "./gather-rows.js";
import { hashDestinations, rowsFor } from "./hash-destinations.js";
import type { RankPlace } from "./rank-place.js";
import { warnFewRowGroups } from "./row-group-warning.js";

/**
 * This rank's share of an argument that a Scan with `sharding` reads, by the local backend's
 * rules (backend-local's ScanOperator): on several ranks a block scan reads partition
 * {index: rank, count: size} of the source's units, a hash scan reads the rows whose key tuple
 * hashes to this rank (the shared key hash), and replicated or unsharded scans read everything.
 * The stage's compute then reads the returned source whole (without a rowCount: the source's count is not this rank's).
 */
export function rankShareSource(source: DataSource, sharding: Sharding, place: RankPlace): DataSource {
  const { rank, size } = place;
  if (size === 1 || sharding.kind === "replicated" || sharding.kind === "single") return source;
  if (sharding.kind === "block") warnFewRowGroups(source, place);
  return {
    kind: source.kind,
    name: source.name,
    uri: source.uri,
    schema: source.schema,
    ...(source.statistics ? { statistics: () => source.statistics!() } : {}),
    fingerprint: () => `${source.fingerprint()}#rank${rank}of${size}`,
    async *scan(request: ScanRequest, counters?: ScanCounters) {
      if (sharding.kind === "block") {
        yield* source.scan({ ...request, partition: { index: rank, count: size } }, counters);
        return;
      }
      const keys = sharding.kind === "hash" ? sharding.keys : [];
      for await (const scanned of source.scan(request, counters)) {
        const { batch, destinations } = hashDestinations(scanned, keys, size);
        yield gatherRows(batch.schema, [{ batch, rows: rowsFor(destinations, rank) }]);
      }
    },
  };
}
