// A two-stage job writing one Parquet part per rank (writeRankParquet), run under mpirun:
//   mpirun -n 2 node test/mpi/write-parts.mjs <dir> <failing rank, or -1>
// Stage s0 runs a vectorized user function on each rank's block of 1,000 rows (bucket = id % 7);
// its output is shuffled on bucket; the output stage counts and sums per bucket. When this rank is
// the failing rank, the user function throws on its first batch, mid-stage.
import { Table, tableFromArrays } from "apache-arrow";
import { AggregateNode, CustomUdfNode, Expr, field, GroupByNode, schema, Sharding, t } from "@datajax/core-ir";
import { Executor, tableSource } from "@datajax/runtime";
import { argumentScan, StageGraphBuilder } from "@datajax/runtime/testing";
import { SpmdNativeBackend, spmdWorld, writeRankParquet } from "../../dist/index.js";

const [dir, failing] = process.argv.slice(2);
const { rank, size } = spmdWorld();
const rows = 1000;
const trips = tableFromArrays({ id: Int32Array.from({ length: rows }, (_x, i) => i), fare: Float64Array.from({ length: rows }, (_x, i) => i / 4) });
const input = new Table(trips.batches.flatMap((b) => Array.from({ length: 10 }, (_x, k) => b.slice(k * 100, (k + 1) * 100))));

const g = new StageGraphBuilder();
const bucketed = g.stage(
  CustomUdfNode.create(argumentScan(0, input, { sharding: Sharding.block() }), "fare_bucket", "vectorized", ["id", "fare"], schema([field("bucket", t.int32, false), field("fare", t.float64)])),
  Sharding.hash(["bucket"]),
);
const graph = g.output(
  AggregateNode.create(GroupByNode.create(bucketed, ["bucket"]), [
    { name: "trips", agg: Expr.aggregate("count", null) },
    { name: "total", agg: Expr.aggregate("sum", Expr.column("fare")) },
  ]),
);

const udfs = new Map([
  [
    "fare_bucket",
    {
      mode: "vectorized",
      fn: (columns, n) => {
        if (rank === Number(failing)) throw new Error(`fare_bucket: corrupt fare on rank ${rank}`);
        const ids = columns.id.toArray();
        return { bucket: Int32Array.from({ length: n }, (_x, i) => ids[i] % 7), fare: columns.fare };
      },
    },
  ],
]);

const executor = new Executor(new SpmdNativeBackend({ result: "per-rank" }));
const path = await writeRankParquet(executor.stream(graph, { arguments: new Map([[0, tableSource(input, "trips")]]), ranks: size, udfs }), dir);
console.log(`rank ${rank} of ${size} wrote ${path}`);
