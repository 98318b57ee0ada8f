import { col, count, max, mean, vmap, type Frame } from "@datajax/transforms";
import { formatTable } from "../cli/format-table.js";
import { djit } from "../djit.js";
import type { ExampleContext } from "./example.js";

/**
 * Features for one pickup location, written for one location's trips, batched over every location
 * with vmap: one plan (a GroupBy on PULocationID), not a loop over 265 locations.
 */
export function locationFeatures(trips: Frame): Frame {
  return trips
    .filter(col("fare_amount").gt(0))
    .withColumns({ tip_ratio: col("tip_amount").div(col("total_amount")) })
    .agg({ trips: count(), mean_fare: mean("fare_amount"), longest: max("trip_distance"), mean_tip_ratio: mean("tip_ratio") });
}

export async function vmapLocationFeatures({ trips, print }: ExampleContext): Promise<void> {
  const perLocation = djit(vmap(locationFeatures, { inAxes: ["PULocationID"] }), { name: "location_features" });
  print("== one plan for every location (no per-group loop):");
  print(perLocation.lower(trips).text.optimized);
  const features = await perLocation(trips);
  const busiest = await djit((f: Frame) => f.sort("trips", { descending: true }).head(5))(features);
  print(`\n== ${features.numRows} locations; the busiest:`);
  print(formatTable(busiest, 5));
}
