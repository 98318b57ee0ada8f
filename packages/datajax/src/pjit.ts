import { pjit as tracedPjit } from "@datajax/transforms";
import { defaultContainer } from "./default-container.js";

/**
 * `pjit` from @datajax/transforms, running on the umbrella's default container unless
 * `options.container` names another. On one process the local backend simulates the ranks.
 *
 * @example
 * ```ts
 * import { count, pjit, readParquet, Resource, shard, type Frame } from "@datajax/datajax";
 *
 * const tripsByZone = pjit((t: Frame) => t.groupBy("PULocationID").agg({ trips: count() }), {
 *   resource: new Resource({ axes: { data: 4 } }),
 *   inShardings: [shard.block()],
 *   outShardings: shard.byKey("PULocationID"),
 * });
 * const { table, ranks } = await tripsByZone.run(await readParquet("data/trips.parquet"));
 * ```
 */
export const pjit: typeof tracedPjit = (fn, options) => tracedPjit(fn, { ...options, container: options.container ?? defaultContainer() });
