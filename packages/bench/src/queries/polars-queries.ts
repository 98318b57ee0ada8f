import type { LazyDataFrame } from "nodejs-polars";
import type pl from "nodejs-polars";

/**
 * A reference query in nodejs-polars' lazy API: builds the plan over the trips frame; the engine
 * collects it. `polars` is the module's namespace, passed in so that only the polars engine loads
 * the native library.
 */
export type PolarsQuery = (polars: typeof pl, trips: LazyDataFrame) => LazyDataFrame;

export const q1Polars: PolarsQuery = (p, trips) =>
  trips
    .filter(p.col("trip_distance").gt(1))
    .select(p.col("fare_amount").divideBy(p.col("trip_distance")).sum().alias("total"), p.len().alias("n"));

export const q2Polars: PolarsQuery = (p, trips) =>
  trips.groupBy("PULocationID").agg(
    p.len().alias("n"),
    p.col("fare_amount").sum().alias("fare_sum"),
    p.col("tip_amount").mean().alias("tip_mean"),
    p.col("trip_distance").max().alias("distance_max"),
  );

export const q3Polars: PolarsQuery = (p, trips) =>
  trips
    .filter(p.col("fare_amount").gt(0))
    .withColumns(p.col("tpep_pickup_datetime").dt.hour().alias("hour"))
    .groupBy(["PULocationID", "hour"])
    .agg(p.len().alias("n"), p.col("total_amount").mean().alias("total_mean"));

export const q4Polars: PolarsQuery = (p, trips) => {
  const perLocation = trips.groupBy("PULocationID").agg(p.col("fare_amount").mean().alias("avg_fare"));
  return trips
    .join(perLocation, { on: "PULocationID", how: "inner" })
    .filter(p.col("fare_amount").gt(p.col("avg_fare")))
    .select(p.len().alias("n"));
};

export const featurizePolars: PolarsQuery = (p, trips) =>
  trips
    .filter(p.col("fare_amount").gt(0).and(p.col("trip_distance").gt(0)))
    .withColumns(
      p.col("tpep_pickup_datetime").dt.hour().alias("hour"),
      p.col("tip_amount").divideBy(p.col("total_amount")).alias("tip_ratio"),
    )
    .groupBy(["PULocationID", "hour"])
    .agg(p.len().alias("trips"), p.col("fare_amount").mean().alias("mean_fare"), p.col("tip_ratio").mean().alias("mean_tip_ratio"));
