import * as arrow from "apache-arrow";
import { describe, expect, it } from "vitest";
import { Expr, FilterNode, SortNode, t, UnionNode } from "@datajax/core-ir";
import { ints, tableOf } from "./arrow-vectors.js";
import { call, col, run, scanOf } from "./plan-fixtures.js";

// Arrow JS builders pad buffers (4 int32 values sit in a 16-entry array): kernels must read a
// column's `length` entries, never its whole buffer. Found by the optimizer's property test.
describe("columns whose buffers are longer than their length", () => {
  const table = tableOf({ c0: ints([-3, -1, -2, null]), c1: ints([null, -3, -1, -2]) });

  it("the fixture really is padded", () => {
    expect(table.getChild("c0")!.data[0]!.values.length).toBeGreaterThan(4);
  });

  it("sorting a union of two scans concatenates the scanned columns as they are", async () => {
    const plan = SortNode.create(UnionNode.create([scanOf(table), scanOf(table)]), [{ column: "c0", descending: true, nullsLast: true }]);
    const rows = await run(plan, table);
    expect(rows.map((r) => r["c0"])).toEqual([-1, -1, -2, -2, -3, -3, null, null]);
  });

  it("a union of a pass-everything filter and a sorted copy, sorted again, keeps every row once per input", async () => {
    const keepAll = FilterNode.create(scanOf(table), call("or", call("is_not_null", col("c1")), Expr.literal(true, t.bool)));
    const sorted = SortNode.create(keepAll, [{ column: "c1", descending: true, nullsLast: false }]);
    const plan = SortNode.create(UnionNode.create([keepAll, sorted]), [{ column: "c0", descending: true, nullsLast: true }]);
    const rows = await run(plan, table);
    expect(rows.map((r) => r["c0"])).toEqual([-1, -1, -2, -2, -3, -3, null, null]);
    expect(rows.map((r) => r["c1"])).toEqual([-3, -3, -1, -1, null, null, -2, -2]);
  });
});

// The other end: the arrays of an empty batch can reach the importer without buffers (seen for
// bool and utf8 columns of empty tables made with makeData); without the importer's guard this
// scan threw a TypeError.
describe("empty columns without buffers", () => {
  const bare = (type: arrow.DataType) => arrow.makeVector(arrow.makeData({ type, length: 0 } as never));
  const empty = new arrow.Table({ b: bare(new arrow.Bool()), s: bare(new arrow.Utf8()), x: bare(new arrow.Float64()), w: bare(new arrow.Int64()) });

  it("scans, filters and sorts to an empty result", async () => {
    const plan = SortNode.create(FilterNode.create(scanOf(empty), call("not", col("b"))), [{ column: "x", descending: false, nullsLast: true }]);
    expect(await run(plan, empty)).toEqual([]);
  });
});
