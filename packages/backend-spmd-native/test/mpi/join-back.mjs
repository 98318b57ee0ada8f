// A group-by joined back (the bench's Q4 shape) and the other joins an adaptive broadcast covers,
// on the built package under mpirun, with the broadcast on (default) and off (threshold 0).
//   mpirun -n 2 node test/mpi/join-back.mjs   → rank 0 prints { answers, bytesExchanged } as JSON
import { tableFromArrays } from "apache-arrow";
import { createContainer } from "@datajax/runtime";
import { col, count, mean, pjit, Resource } from "@datajax/transforms";
import { registerSpmdNativeBackend, spmdWorld } from "../../dist/index.js";

const rows = 200_000;
const trips = tableFromArrays({
  zone: Int32Array.from({ length: rows }, (_x, i) => (i * 7919) % 101),
  fare: Float64Array.from({ length: rows }, (_x, i) => (i * 31) % 97),
});
const pipelines = {
  inner: (t) => {
    const perZone = t.groupBy("zone").agg({ avg_fare: mean("fare") });
    return t.join(perZone, { on: "zone", how: "inner" }).filter(col("fare").gt(col("avg_fare"))).agg({ n: count() });
  },
  left: (t) => {
    const busy = t.filter(col("fare").gt(95)).groupBy("zone").agg({ busy: count() }).filter(col("busy").gt(20));
    return t.join(busy, { on: "zone", how: "left" }).agg({ n: count(), withBusy: count("busy") });
  },
  anti: (t) => {
    const busy = t.filter(col("fare").gt(95)).groupBy("zone").agg({ busy: count() }).filter(col("busy").gt(20));
    return t.join(busy, { on: "zone", how: "anti" }).agg({ n: count() });
  },
};
const out = {};
for (const threshold of [undefined, 0]) {
  const container = createContainer();
  registerSpmdNativeBackend(container, threshold === undefined ? {} : { broadcastThresholdBytes: threshold });
  const mode = threshold === undefined ? "adaptive" : "shuffle";
  out[mode] = {};
  for (const [name, pipeline] of Object.entries(pipelines)) {
    const f = pjit(pipeline, { container, backend: "spmd-native", resource: Resource.fromMpi(), name });
    const { table, metrics } = await f.run(trips);
    const row = table.toArray()[0]?.toJSON() ?? {};
    out[mode][name] = { ...Object.fromEntries(Object.entries(row).map(([k, v]) => [k, Number(v)])), bytesExchanged: metrics.stages.reduce((s, m) => s + m.bytesExchanged, 0) };
  }
}
if (spmdWorld().rank === 0) console.log(JSON.stringify(out));
