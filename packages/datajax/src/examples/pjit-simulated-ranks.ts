import { col, count, mean, Resource, shard, type Frame } from "@datajax/transforms";
import { formatMetrics } from "@datajax/runtime";
import { formatTable } from "../cli/format-table.js";
import { pjit } from "../pjit.js";
import type { ExampleContext } from "./example.js";

/** Per-hour fares, partitioned over four simulated ranks: trips come in blocks, results by hour. */
export function hourlyFares(trips: Frame): Frame {
  return trips
    .filter(col("fare_amount").gt(0))
    .withColumns({ hour: col("tpep_pickup_datetime").hour() })
    .groupBy("hour")
    .agg({ trips: count(), mean_fare: mean("fare_amount") });
}

export async function pjitSimulatedRanks({ trips, print }: ExampleContext): Promise<void> {
  const resource = new Resource({ axes: { data: 4 } });
  const f = pjit(hourlyFares, { resource, inShardings: [shard.block()], outShardings: shard.byKey("hour"), name: "hourly_fares" });
  print("== stages (a partial aggregate per rank, one exchange by hour, the final):");
  print(f.lower(trips).text.stages);
  const r = await f.run(trips);
  print(`\n== ${r.table.numRows} hours in all; which hours each rank holds (hash of hour mod 4):`);
  r.ranks!.forEach((t, rank) => print(`rank ${rank}: ${t.toArray().map((row) => row.hour).sort((a, b) => a - b).join(", ")}`));
  print(`\n${formatTable(r.ranks![0]!, 6)}`);
  print(`\n== per-stage, per-rank metrics (s0@r2: stage s0 on rank 2):\n${formatMetrics(r.metrics)}`);
}
