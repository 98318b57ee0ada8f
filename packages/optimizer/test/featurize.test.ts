import { sameSchema, t } from "@datajax/core-ir";
import { describe, expect, it } from "vitest";
import { optimize, optimizeWithTrace } from "../src/index.js";
import { agg, and, call, col, div, explain, filter, gt, lines, lit, map, tripsScan } from "./support/build.js";

/** DESIGN.md §9: filter → withColumns(hour, tip_ratio) → groupBy(PULocationID, hour) → agg. */
function featurizePlan() {
  const trips = tripsScan();
  const valid = filter(trips, and(gt(col("fare_amount"), lit(0)), gt(col("trip_distance"), lit(0))));
  const features = map(valid, {
    hour: call("hour", col("tpep_pickup_datetime")),
    tip_ratio: div(col("tip_amount"), col("total_amount")),
  });
  return agg(features, ["PULocationID", "hour"], {
    trips: ["count", null],
    mean_fare: ["mean", "fare_amount"],
    mean_tip_ratio: ["mean", "tip_ratio"],
  });
}

describe("the featurize example (DESIGN.md §9)", () => {
  it("reads 6 of the 19 columns, filters inside the scan, then Map, GroupBy, Aggregate", () => {
    const plan = featurizePlan();
    const optimized = optimize(plan);
    expect(explain(optimized)).toBe(
      lines(
        "Aggregate: trips = count(), mean_fare = mean(fare_amount), mean_tip_ratio = mean(tip_ratio)",
        "  GroupBy: PULocationID, hour",
        "    Map: hour = hour(tpep_pickup_datetime), tip_ratio = tip_amount / total_amount",
        "      Scan: trips columns=[tpep_pickup_datetime, trip_distance, PULocationID, fare_amount, tip_amount, total_amount] filter=(fare_amount > 0) and (trip_distance > 0)",
      ),
    );
    expect(sameSchema(optimized.schema, plan.schema)).toBe(true);
    void t;
  });

  it("traces which rules produced it", () => {
    const { applied, batches } = optimizeWithTrace(featurizePlan());
    expect(applied.map((a) => a.rule)).toEqual(["push_filter_into_scan", "prune_projections"]);
    expect(batches.every((b) => b.converged)).toBe(true);
  });
});
