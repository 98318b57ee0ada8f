import { djit as tracedJit } from "@datajax/transforms";
import { defaultContainer } from "./default-container.js";

/**
 * `djit` from @datajax/transforms, running on the umbrella's default container (the local
 * backend) unless `options.container` names another.
 *
 * @example
 * ```ts
 * import { col, djit, mean, readParquet, type Frame } from "@datajax/datajax";
 *
 * const meanFareByZone = djit((trips: Frame) => trips.filter(col("fare_amount").gt(0)).groupBy("PULocationID").agg({ mean_fare: mean("fare_amount") }));
 * const table = await meanFareByZone(await readParquet("data/trips.parquet"));
 * ```
 */
export const djit: typeof tracedJit = (fn, options) => tracedJit(fn, { ...options, container: options?.container ?? defaultContainer() });
