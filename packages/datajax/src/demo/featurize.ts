import { col, count, mean, type Frame } from "@datajax/transforms";

/** The featurize job of DESIGN.md §9: per pickup location and hour, trip count, mean fare and mean tip ratio. */
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
