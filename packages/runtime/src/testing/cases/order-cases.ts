import { LimitNode, SortNode, UnionNode, type SortKey } from "@datajax/core-ir";
import type { ConformanceCase } from "../conformance-case.js";
import { argumentScan, singleStage } from "../stage-graph-builder.js";
import { emptyOf, float64s, inBatches, int32s, tableOf, utf8s } from "./case-columns.js";

// Sort (multi-key, descending, nulls first or last, stable), Limit (offset, top-k, per group), Union.

const columns = { g: ["b", "a", null, "b", "a", "c"], x: [3, null, 1, 1, 2, 0], i: [0, 1, 2, 3, 4, 5] };
const table = inBatches(tableOf({ g: utf8s(columns.g), x: float64s(columns.x), i: int32s(columns.i) }), 4);
const rowAt = (i: number) => ({ g: columns.g[i], x: columns.x[i], i });
const rowsAt = (...order: number[]) => order.map(rowAt);
const scan = argumentScan(0, table);
const key = (column: string, descending = false, nullsLast = true): SortKey => ({ column, descending, nullsLast });

export const orderCases: readonly ConformanceCase[] = [
  {
    id: "sort/multi-key-descending-nulls",
    description: "sort by g ascending (nulls last), then x descending with nulls first",
    inputs: [table],
    graph: singleStage(SortNode.create(scan, [key("g"), key("x", true, false)])),
    expected: rowsAt(1, 4, 0, 3, 5, 2),
    ordered: true,
    features: ["sort", "nulls", "multi-batch"],
  },
  {
    id: "sort/ascending-nulls-first-stable",
    description: "sort by x ascending with nulls first; equal keys keep input order (stable)",
    inputs: [table],
    graph: singleStage(SortNode.create(scan, [key("x", false, false)])),
    expected: rowsAt(1, 5, 2, 3, 4, 0),
    ordered: true,
    features: ["sort", "nulls"],
  },
  {
    id: "sort/descending-string-stable",
    description: "sort by a string descending, nulls last; ties keep input order",
    inputs: [table],
    graph: singleStage(SortNode.create(scan, [key("g", true)])),
    expected: rowsAt(5, 0, 3, 1, 4, 2),
    ordered: true,
    features: ["sort", "strings"],
  },
  {
    id: "sort/empty-input",
    description: "sorting no rows gives no rows",
    inputs: [emptyOf(table)],
    graph: singleStage(SortNode.create(argumentScan(0, emptyOf(table)), [key("x")])),
    expected: [],
    ordered: true,
    features: ["sort", "empty"],
  },
  {
    id: "limit/offset-across-batches",
    description: "limit 3 offset 2 over batches of four rows keeps rows 2..4 in input order",
    inputs: [table],
    graph: singleStage(LimitNode.create(scan, 3, 2)),
    expected: rowsAt(2, 3, 4),
    ordered: true,
    features: ["limit", "multi-batch"],
  },
  {
    id: "limit/past-the-end-and-zero",
    description: "an offset near the end returns what is left; limit 0 of a sorted input returns nothing",
    inputs: [table],
    graph: singleStage(UnionNode.create([LimitNode.create(scan, 10, 5), LimitNode.create(SortNode.create(scan, [key("i")]), 0)])),
    expected: rowsAt(5),
    ordered: false,
    features: ["limit", "union"],
  },
  {
    id: "limit/top-k-after-sort",
    description: "sort by x descending (nulls last), then the first two rows",
    inputs: [table],
    graph: singleStage(LimitNode.create(SortNode.create(scan, [key("x", true)]), 2)),
    expected: rowsAt(0, 4),
    ordered: true,
    features: ["limit", "sort"],
  },
  {
    id: "limit/per-group",
    description: "a per-group limit keeps the first row of every group of g (null is a group) in input order",
    inputs: [table],
    graph: singleStage(LimitNode.create(scan, 1, 0, ["g"])),
    expected: rowsAt(0, 1, 2, 5),
    ordered: false,
    features: ["limit", "nulls"],
  },
  (() => {
    const ints = tableOf({ v: int32s([1, null]) });
    const reals = tableOf({ v: float64s([2.5]) });
    return {
      id: "union/type-promotion",
      description: "UNION ALL of an int32 and a float64 column is float64; nulls and duplicates kept",
      inputs: [ints, reals],
      graph: singleStage(UnionNode.create([argumentScan(0, ints), argumentScan(1, reals), argumentScan(0, ints)])),
      expected: [{ v: 1 }, { v: null }, { v: 2.5 }, { v: 1 }, { v: null }],
      ordered: false,
      features: ["union", "promotion"],
    };
  })(),
  {
    id: "union/with-empty-input",
    description: "a union with an empty input returns the other inputs' rows",
    inputs: [table, emptyOf(table)],
    graph: singleStage(UnionNode.create([argumentScan(0, table), argumentScan(1, emptyOf(table))])),
    expected: rowsAt(0, 1, 2, 3, 4, 5),
    ordered: false,
    features: ["union", "empty"],
  },
];
