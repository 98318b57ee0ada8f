import { Float64, Int32, Int64, Table, vectorFromArray } from "apache-arrow";
import { col, count, sum, type Frame } from "@datajax/transforms";
import { formatTable } from "../cli/format-table.js";
import { djit } from "../djit.js";
import { scan } from "../scan.js";
import type { ExampleContext } from "./example.js";

/**
 * Running per-location statistics over the days of January: each day's trips get the totals of the
 * days before them (never their own day's or later ones), and the carry adds the day in.
 */
export function runningStats(carry: Frame, day: Frame): [Frame, Frame] {
  const before = carry.select("PULocationID", { trips_before: "trips", fare_before: "fare_total" });
  const features = day
    .groupBy("day", "PULocationID")
    .agg({ trips: count(), fare: sum("fare_amount") })
    .join(before, { on: "PULocationID", how: "left" });
  const next = carry
    .union(day.groupBy("PULocationID").agg({ trips: count(), fare_total: sum("fare_amount") }))
    .groupBy("PULocationID")
    .agg({ trips: sum("trips"), fare_total: sum("fare_total") });
  return [next, features];
}

export async function scanRunningStats({ trips, print }: ExampleContext): Promise<void> {
  const byDay = await djit((t: Frame) => t.withColumns({ day: col("tpep_pickup_datetime").day() }).select("day", "PULocationID", "fare_amount"))(trips);
  const init = new Table({
    PULocationID: vectorFromArray([], new Int32()),
    trips: vectorFromArray([], new Int64()),
    fare_total: vectorFromArray([], new Float64()),
  });
  const [carry, features] = await scan(runningStats, init, byDay, { orderBy: "day", chunkBy: "day", name: "running_stats" });
  print(`== ${features.numRows} (day, location) rows, each with the totals of the days before it; day 15, busiest first:`);
  const day15 = await djit((f: Frame) => f.filter(col("day").eq(15)).sort("trips", { descending: true }).head(5))(features);
  print(formatTable(day15, 5));
  print(`\n== the final carry: ${carry.numRows} locations, ${carry.toArray().reduce((n, r) => n + Number(r.trips), 0)} trips in all`);
}
