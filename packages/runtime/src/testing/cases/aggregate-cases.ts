import type * as arrow from "apache-arrow";
import { AggregateNode, GroupByNode, MapNode, t } from "@datajax/core-ir";
import type { ConformanceCase } from "../conformance-case.js";
import { argumentScan, singleStage } from "../stage-graph-builder.js";
import { dictUtf8s, emptyOf, float64s, inBatches, int32s, tableOf, utf8s } from "./case-columns.js";
import { agg, call, col, lit } from "./case-expressions.js";
import { referenceGlobalAggregate, referenceGroupBy, rowsOfColumns, type ReferenceAggregate } from "./reference-semantics.js";

// Global and grouped aggregates: every aggregate of the registry, empty inputs, all-null values and
// groups, null keys, several keys, multi-batch inputs. Expected rows come from reference-semantics.

const valueColumns = {
  v: [4, null, 1, 3, 2],
  i: [1, 2, null, 2, 5],
  s: ["b", null, "a", "c", "a"],
};
const values = tableOf({ v: float64s(valueColumns.v), i: int32s(valueColumns.i), s: utf8s(valueColumns.s) });

const everyAggregate: ReferenceAggregate[] = [
  { name: "rows", fn: "count", column: null },
  { name: "n", fn: "count", column: "v" },
  { name: "total", fn: "sum", column: "v" },
  { name: "mean", fn: "mean", column: "v" },
  { name: "min", fn: "min", column: "v" },
  { name: "max", fn: "max", column: "v" },
  { name: "var", fn: "var", column: "v" },
  { name: "std", fn: "std", column: "v" },
  { name: "first", fn: "first", column: "v" },
  { name: "last", fn: "last", column: "v" },
  { name: "distinct", fn: "count_distinct", column: "i" },
];
const named = (aggregates: readonly ReferenceAggregate[]) => aggregates.map((a) => agg(a.name, a.fn, a.column));

function globalCase(id: string, description: string, table: arrow.Table, rows: Record<string, unknown>[], aggregates: readonly ReferenceAggregate[], features: string[] = []): ConformanceCase {
  return {
    id, description, inputs: [table],
    graph: singleStage(AggregateNode.create(argumentScan(0, table), named(aggregates))),
    expected: referenceGlobalAggregate(rows, aggregates),
    ordered: false,
    features: ["aggregate", ...features],
  };
}

function groupedCase(id: string, description: string, table: arrow.Table, rows: Record<string, unknown>[], keys: string[], aggregates: readonly ReferenceAggregate[], features: string[] = []): ConformanceCase {
  return {
    id, description, inputs: [table],
    graph: singleStage(AggregateNode.create(GroupByNode.create(argumentScan(0, table), keys), named(aggregates))),
    expected: referenceGroupBy(rows, keys, aggregates),
    ordered: false,
    features: ["group-by", "aggregate", ...features],
  };
}

const salesColumns = {
  k: ["a", "b", "a", null, "b", "a", null, "c"],
  k2: [1, 1, 2, 1, 1, 1, null, 2],
  x: [1, 2, 3, 4, null, 6, 7, null],
};
const sales = tableOf({ k: utf8s(salesColumns.k), k2: int32s(salesColumns.k2), x: float64s(salesColumns.x) });
const salesRows = rowsOfColumns(salesColumns);
const salesAggregates: ReferenceAggregate[] = [
  { name: "rows", fn: "count", column: null },
  { name: "n", fn: "count", column: "x" },
  { name: "total", fn: "sum", column: "x" },
  { name: "mean", fn: "mean", column: "x" },
  { name: "min", fn: "min", column: "x" },
  { name: "max", fn: "max", column: "x" },
];

export const aggregateCases: readonly ConformanceCase[] = [
  globalCase("aggregate/every-function", "count(), count(v), sum, mean, min, max, var, std, first, last, count_distinct over a column with nulls", values, rowsOfColumns(valueColumns), everyAggregate, ["nulls"]),
  globalCase("aggregate/every-function-multi-batch", "the same aggregates over several batches (first and last follow input order across batches)", inBatches(values, 2), rowsOfColumns(valueColumns), everyAggregate, ["multi-batch"]),
  globalCase("aggregate/integers", "sum of int32 is int64; min, max, mean of integers", values, rowsOfColumns(valueColumns), [
    { name: "total", fn: "sum", column: "i" }, { name: "min", fn: "min", column: "i" }, { name: "max", fn: "max", column: "i" }, { name: "mean", fn: "mean", column: "i" },
  ]),
  globalCase("aggregate/strings", "min, max, first, last, count and count_distinct of a string column", values, rowsOfColumns(valueColumns), [
    { name: "min", fn: "min", column: "s" }, { name: "max", fn: "max", column: "s" }, { name: "first", fn: "first", column: "s" },
    { name: "last", fn: "last", column: "s" }, { name: "n", fn: "count", column: "s" }, { name: "distinct", fn: "count_distinct", column: "s" },
  ], ["strings"]),
  {
    id: "aggregate/empty-input",
    description: "a global aggregate of no rows is one row: counts 0, every other aggregate null",
    inputs: [emptyOf(values)],
    graph: singleStage(AggregateNode.create(argumentScan(0, emptyOf(values)), named(everyAggregate))),
    expected: [{ rows: 0, n: 0, total: null, mean: null, min: null, max: null, var: null, std: null, first: null, last: null, distinct: 0 }],
    ordered: false,
    features: ["aggregate", "empty"],
  },
  (() => {
    const nulls = tableOf({ v: float64s([null, null]), i: int32s([null, null]), s: utf8s([null, null]) });
    return {
      id: "aggregate/all-null-values",
      description: "aggregates skip nulls: over only nulls, count(v) is 0 and sum, mean, min, max, first, last are null",
      inputs: [nulls],
      graph: singleStage(AggregateNode.create(argumentScan(0, nulls), named(everyAggregate))),
      expected: [{ rows: 2, n: 0, total: null, mean: null, min: null, max: null, var: null, std: null, first: null, last: null, distinct: 0 }],
      ordered: false,
      features: ["aggregate", "nulls"],
    };
  })(),
  (() => {
    const one = tableOf({ v: float64s([5]) });
    return {
      id: "aggregate/variance-of-one-value",
      description: "the sample variance and deviation of fewer than two values are null",
      inputs: [one],
      graph: singleStage(AggregateNode.create(argumentScan(0, one), [agg("var", "var", "v"), agg("std", "std", "v"), agg("mean", "mean", "v")])),
      expected: [{ var: null, std: null, mean: 5 }],
      ordered: false,
      features: ["aggregate"],
    };
  })(),
  {
    id: "aggregate/expression-arguments",
    description: "aggregates of expressions: sum(v * 2), count of a comparison (its nulls skipped)",
    inputs: [values],
    graph: singleStage(AggregateNode.create(argumentScan(0, values), [agg("doubled", "sum", call("mul", col("v"), lit(2, t.int32))), agg("compared", "count", call("gt", col("v"), lit(2, t.float64)))])),
    expected: [{ doubled: 20, compared: 4 }],
    ordered: false,
    features: ["aggregate"],
  },
  groupedCase("group-by/one-key-with-null-key", "null keys form one group; a group whose values are all null has sum, mean, min, max null and count 0", sales, salesRows, ["k"], salesAggregates, ["nulls"]),
  groupedCase("group-by/two-keys", "grouping on a string and an int key, nulls in both", sales, salesRows, ["k", "k2"], salesAggregates, ["nulls"]),
  groupedCase("group-by/order-dependent-and-distinct", "first, last, count_distinct and var per group", sales, salesRows, ["k"], [
    { name: "first", fn: "first", column: "x" }, { name: "last", fn: "last", column: "x" }, { name: "distinct", fn: "count_distinct", column: "k2" }, { name: "var", fn: "var", column: "x" },
  ]),
  groupedCase("group-by/int-key-multi-batch", "an int key over several batches: groups merge across batches", inBatches(sales, 3), salesRows, ["k2"], salesAggregates, ["multi-batch"]),
  {
    id: "group-by/empty-input",
    description: "grouping no rows gives no groups",
    inputs: [emptyOf(sales)],
    graph: singleStage(AggregateNode.create(GroupByNode.create(argumentScan(0, emptyOf(sales)), ["k"]), named(salesAggregates))),
    expected: [],
    ordered: false,
    features: ["group-by", "empty"],
  },
  (() => {
    const coded = tableOf({ k: dictUtf8s(salesColumns.k), x: float64s(salesColumns.x) });
    return groupedCase("group-by/dictionary-key", "a dictionary-encoded key groups by its string values", coded, rowsOfColumns({ k: salesColumns.k, x: salesColumns.x }), ["k"], salesAggregates, ["dictionary", "strings"]);
  })(),
  {
    id: "group-by/computed-bool-key",
    description: "a key computed by a Map (x > 3, null where x is null) groups true, false and null apart",
    inputs: [sales],
    graph: singleStage(AggregateNode.create(GroupByNode.create(MapNode.create(argumentScan(0, sales), [{ name: "high", expr: call("gt", col("x"), lit(3, t.float64)) }]), ["high"]), named(salesAggregates))),
    expected: referenceGroupBy(salesRows.map((r) => ({ ...r, high: r.x === null ? null : (r.x as number) > 3 })), ["high"], salesAggregates),
    ordered: false,
    features: ["group-by", "map", "nulls"],
  },
];
