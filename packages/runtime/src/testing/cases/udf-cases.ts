import type * as arrow from "apache-arrow";
import { AggregateNode, CustomUdfNode, field, GroupByNode, schema, Sharding, t, type UdfImplementation } from "@datajax/core-ir";
import type { ConformanceCase } from "../conformance-case.js";
import { argumentScan, singleStage, StageGraphBuilder } from "../stage-graph-builder.js";
import { float64s, inBatches, int32s, tableOf, utf8s } from "./case-columns.js";
import { agg } from "./case-expressions.js";
import { EXCHANGE_RANKS } from "./exchange-cases.js";
import { referenceGroupBy, rowsOfColumns } from "./reference-semantics.js";

// CustomUDF nodes (DESIGN §4: an opaque user function with a declared output schema, vectorized
// over column arrays or called per row). Each case carries its implementation in `udfs`; the
// expected rows are written by hand or computed from the plain input arrays.

const readingColumns = {
  id: [1, 2, 3, 4, 5, 6, 7],
  x: [1.5, null, -2, 0, 4.25, null, 10],
  s: ["a", "bb", null, "", "héllo", "e", null],
};
// Batches of two rows: a vectorized function is called once per batch and must see each batch's rows.
const readings = inBatches(tableOf({ id: int32s(readingColumns.id), x: float64s(readingColumns.x), s: utf8s(readingColumns.s) }), 2);

/** Vectorized: `scaled = 2x + 1` and `len` = code points of s, both null where the input is; `id` returned as the input Vector. */
const scaleAndMeasure: UdfImplementation = {
  mode: "vectorized",
  fn: (columns: Record<string, arrow.Vector>, rowCount: number) => ({
    id: columns.id!,
    scaled: Array.from({ length: rowCount }, (_v, i) => {
      const x = columns.x!.get(i) as number | null;
      return x === null ? null : 2 * x + 1;
    }),
    len: Array.from({ length: rowCount }, (_v, i) => {
      const s = columns.s!.get(i) as string | null;
      return s === null ? null : [...s].length;
    }),
  }),
};

/** Row mode: a row arrives as plain values (null for nulls) and returns plain values (null allowed). */
const classify: UdfImplementation = {
  mode: "row",
  fn: (row) => {
    const x = row.x as number | null;
    const s = row.s as string | null;
    return { id: row.id, sign: x === null ? null : x > 0 ? "positive" : x < 0 ? "negative" : "zero", label: s === null ? "missing" : `<${s}>` };
  },
};

const fareColumns = {
  fare: [3, 7.5, null, 12, 4.99, 5, 19.5, null, 0, 10, 14, 2.5],
};
const fares = inBatches(tableOf({ fare: float64s(fareColumns.fare) }), 3);

/** Vectorized, returning typed arrays: `bucket` = floor(fare / 5), -1 for a null fare (a non-nullable column); `fare` passed on. */
const fareBucket: UdfImplementation = {
  mode: "vectorized",
  fn: (columns: Record<string, arrow.Vector>, rowCount: number) => ({
    bucket: Int32Array.from({ length: rowCount }, (_v, i) => {
      const fare = columns.fare!.get(i) as number | null;
      return fare === null ? -1 : Math.floor(fare / 5);
    }),
    fare: columns.fare!,
  }),
};
const bucketOf = (fare: number | null) => (fare === null ? -1 : Math.floor(fare / 5));
const bucketedFares = rowsOfColumns({ bucket: fareColumns.fare.map(bucketOf), fare: fareColumns.fare });

/** The fare buckets computed on each rank's block, shuffled on bucket, then counted and summed per bucket. */
function bucketsThenAggregate() {
  const g = new StageGraphBuilder();
  const udf = CustomUdfNode.create(argumentScan(0, fares, { sharding: Sharding.block() }), "fare_bucket", "vectorized", ["fare"], schema([field("bucket", t.int32, false), field("fare", t.float64)]));
  const moved = g.stage(udf, Sharding.hash(["bucket"]));
  return g.output(AggregateNode.create(GroupByNode.create(moved, ["bucket"]), [agg("trips", "count", null), agg("total", "sum", "fare")]));
}

const single: readonly ConformanceCase[] = [
  {
    id: "udf/vectorized-over-batches",
    description: "a vectorized user function gets each batch's read columns as Arrow vectors (nulls included) and returns one column per declared output field: JS arrays with nulls or a Vector",
    inputs: [readings],
    graph: singleStage(
      CustomUdfNode.create(argumentScan(0, readings), "scale_and_measure", "vectorized", ["id", "x", "s"], schema([field("id", t.int32), field("scaled", t.float64), field("len", t.int32)])),
    ),
    udfs: new Map([["scale_and_measure", scaleAndMeasure]]),
    expected: [
      { id: 1, scaled: 4, len: 1 },
      { id: 2, scaled: null, len: 2 },
      { id: 3, scaled: -3, len: null },
      { id: 4, scaled: 1, len: 0 },
      { id: 5, scaled: 9.5, len: 5 },
      { id: 6, scaled: null, len: 1 },
      { id: 7, scaled: 21, len: null },
    ],
    ordered: false,
    features: ["udf", "vectorized", "nulls", "multi-batch"],
  },
  {
    id: "udf/row-mode-plain-values",
    description: "a row-mode user function is called once per row with its read columns as plain values (null for nulls) and its returned object becomes the row (null allowed)",
    inputs: [readings],
    graph: singleStage(
      CustomUdfNode.create(argumentScan(0, readings), "classify", "row", ["id", "x", "s"], schema([field("id", t.int32), field("sign", t.utf8()), field("label", t.utf8())])),
    ),
    udfs: new Map([["classify", classify]]),
    expected: [
      { id: 1, sign: "positive", label: "<a>" },
      { id: 2, sign: null, label: "<bb>" },
      { id: 3, sign: "negative", label: "missing" },
      { id: 4, sign: "zero", label: "<>" },
      { id: 5, sign: "positive", label: "<héllo>" },
      { id: 6, sign: null, label: "<e>" },
      { id: 7, sign: "positive", label: "missing" },
    ],
    ordered: false,
    features: ["udf", "row", "nulls", "strings"],
  },
];

const sharded: ConformanceCase = {
  id: "udf/per-rank-then-shuffle-aggregate",
  description: "a vectorized user function returning typed arrays runs on each rank's block; its output is shuffled on the computed key and aggregated",
  inputs: [fares],
  graph: bucketsThenAggregate(),
  udfs: new Map([["fare_bucket", fareBucket]]),
  expected: referenceGroupBy(bucketedFares, ["bucket"], [{ name: "trips", fn: "count", column: null }, { name: "total", fn: "sum", column: "fare" }]),
  ordered: false,
  features: ["udf", "vectorized", "exchange", "hash", "aggregate"],
};

/** The user-function cases: vectorized and row mode on one rank, and a vectorized function before a shuffle at 1, 2 and 4 ranks. */
export const udfCases: readonly ConformanceCase[] = [...single, ...EXCHANGE_RANKS.map((ranks): ConformanceCase => ({ ...sharded, ranks }))];
