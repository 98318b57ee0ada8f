// The README's recipe, on the built packages: pjit over Resource.fromMpi() on SpmdNativeBackend.
//   mpirun -n 2 node test/mpi/pjit-per-zone.mjs   → rank 0 prints the rows per zone as JSON
import { tableFromArrays } from "apache-arrow";
import { createContainer } from "@datajax/runtime";
import { col, count, mean, pjit, Resource, shard } from "@datajax/transforms";
import { registerSpmdNativeBackend, spmdWorld } from "../../dist/index.js";

const container = createContainer();
registerSpmdNativeBackend(container);
const trips = tableFromArrays({ zone: Int32Array.from({ length: 1000 }, (_x, i) => i % 5), fare: Float64Array.from({ length: 1000 }, (_x, i) => i % 13) });
const perZone = pjit((t) => t.filter(col("fare").gt(2)).groupBy("zone").agg({ n: count(), mean_fare: mean("fare") }), {
  container,
  backend: "spmd-native",
  resource: Resource.fromMpi(),
  outShardings: shard.byKey("zone"),
});
const { table } = await perZone.run(trips);
if (spmdWorld().rank === 0) console.log(JSON.stringify(table.toArray().map((r) => ({ zone: r.zone, n: Number(r.n), mean_fare: r.mean_fare })).sort((a, b) => a.zone - b.zone)));
