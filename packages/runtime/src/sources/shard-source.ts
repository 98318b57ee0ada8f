import type { DataSource, ScanCounters, ScanRequest } from "@datajax/core-ir";

/**
 * Which share of a source a process reads: `index` of `count` (e.g. an MPI rank of the world size).
 *
 * @example
 * ```ts
 * import { tableFromArrays } from "apache-arrow";
 * import { shardSource, tableSource, type SourceShard } from "@datajax/runtime";
 *
 * const second: SourceShard = { index: 1, count: 4 }; // the second of four shares
 * const mine = shardSource(tableSource(tableFromArrays({ x: Int32Array.from([1, 2, 3]) })), second);
 * ```
 */
export interface SourceShard {
  /** This share, 0 ≤ index < count. */
  readonly index: number;
  /** How many shares the source is split into (a positive integer). */
  readonly count: number;
}

/**
 * A view of `source` that yields only share `index` of `count` of its scan units (Parquet row
 * groups, Arrow batches), the way the source splits a scan over ranks. Shares are disjoint and
 * together cover the source, so N processes that each read their own shard read every row once.
 * A backend that splits the scan further (simulated ranks) subdivides this share.
 * Throws a RangeError for a share outside 0 ≤ index < count.
 *
 * @example
 * ```ts
 * import { mpiWorldFromEnv, shardSource, tableSource } from "@datajax/runtime";
 * import { tableFromArrays } from "apache-arrow";
 * const world = mpiWorldFromEnv() ?? { rank: 0, size: 1 };
 * const mine = shardSource(tableSource(tableFromArrays({ x: Int32Array.from([1, 2, 3]) })), { index: world.rank, count: world.size });
 * ```
 */
export function shardSource(source: DataSource, shard: SourceShard): DataSource {
  const { index, count } = shard;
  if (!Number.isInteger(count) || count < 1 || !Number.isInteger(index) || index < 0 || index >= count) {
    throw new RangeError(`shardSource: share ${index} of ${count} is not one of 0..count-1 of a positive count`);
  }
  if (count === 1) return source;
  const statistics = source.statistics?.bind(source);
  return {
    kind: source.kind,
    name: source.name,
    uri: source.uri,
    schema: source.schema,
    ...(statistics ? { statistics } : {}),
    fingerprint: () => `${source.fingerprint()}#shard:${index}/${count}`,
    scan(request: ScanRequest, counters?: ScanCounters) {
      // Share p of P inside this shard is share index·P + p of count·P of the source (contiguous blocks subdivide).
      const inner = request.partition ?? { index: 0, count: 1 };
      return source.scan({ ...request, partition: { index: index * inner.count + inner.index, count: count * inner.count } }, counters);
    },
  };
}
