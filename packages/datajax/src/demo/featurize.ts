import { col, count, mean, type Frame } from "@datajax/transforms";

/**
 * The featurize job of DESIGN.md §9: per pickup location and hour, trip count, mean fare and mean
 * tip ratio, over the trips with a positive fare and distance. Takes and returns traced frames.
 *
 * @example
 * ```ts
 * import { djit, ensureTaxiDataset, featurize, readParquet } from "@datajax/datajax";
 *
 * const { path } = await ensureTaxiDataset({ rows: 1_000_000 });
 * const features = await djit(featurize)(await readParquet(path)); // PULocationID, hour, trips, mean_fare, mean_tip_ratio
 * ```
 */
export function featurize(trips: Frame): Frame {
  return trips
    .filter(col("fare_amount").gt(0).and(col("trip_distance").gt(0)))
    .withColumns({
      hour: col("tpep_pickup_datetime").hour(),
      tip_ratio: col("tip_amount").div(col("total_amount")),
    })
    .groupBy("PULocationID", "hour")
    .agg({ trips: count(), mean_fare: mean("fare_amount"), mean_tip_ratio: mean("tip_ratio") });
}
