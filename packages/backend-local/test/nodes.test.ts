import { describe, it, expect } from "vitest";
import * as arrow from "apache-arrow";
import { FilterNode, JoinNode, LimitNode, MapNode, ProjectNode, RepartitionNode, Sharding, SortNode, UnionNode, CustomUdfNode, field, schema, t, ScanNode, fromArrowSchema, type JoinHow } from "@datajax/core-ir";
import { dictStrings, floats, ints, strings, tableOf } from "./arrow-vectors.js";
import { call, col, inBatches, lit, run, rowsOf, scanOf } from "./plan-fixtures.js";
import { arrowTableSource, executePlanLocally } from "../src/index.js";

const left = () => tableOf({ id: ints([1, 2, 2, 3, null]), v: strings(["a", "b", "c", "d", "e"]) });
const right = () => tableOf({ key: arrow.vectorFromArray([2, 3, 3, 4, null].map((x) => (x === null ? null : BigInt(x))), new arrow.Int64()), v: floats([20, 30, 31, 40, 0]), w: dictStrings(["x", "y", "z", "u", "n"]) });

/** A Scan of slot 1 (the right table). */
const scanRight = (table: arrow.Table) => ScanNode.create({ kind: "argument", name: "r", uri: "memory:r", slot: 1 }, fromArrowSchema(table.schema));

describe("Join", () => {
  const cases: Record<JoinHow, Record<string, unknown>[]> = {
    inner: [
      { id: 2, v: "b", key_unused: undefined, v_right: 20, w: "x" },
      { id: 2, v: "c", v_right: 20, w: "x" },
      { id: 3, v: "d", v_right: 30, w: "y" },
      { id: 3, v: "d", v_right: 31, w: "z" },
    ],
    left: [
      { id: 1, v: "a", v_right: null, w: null },
      { id: 2, v: "b", v_right: 20, w: "x" },
      { id: 2, v: "c", v_right: 20, w: "x" },
      { id: 3, v: "d", v_right: 30, w: "y" },
      { id: 3, v: "d", v_right: 31, w: "z" },
      { id: null, v: "e", v_right: null, w: null },
    ],
    right: [
      { id: 2, v: "b", v_right: 20, w: "x" },
      { id: 2, v: "c", v_right: 20, w: "x" },
      { id: 3, v: "d", v_right: 30, w: "y" },
      { id: 3, v: "d", v_right: 31, w: "z" },
      { id: 4, v: null, v_right: 40, w: "u" },
      { id: null, v: null, v_right: 0, w: "n" },
    ],
    full: [
      { id: 1, v: "a", v_right: null, w: null },
      { id: 2, v: "b", v_right: 20, w: "x" },
      { id: 2, v: "c", v_right: 20, w: "x" },
      { id: 3, v: "d", v_right: 30, w: "y" },
      { id: 3, v: "d", v_right: 31, w: "z" },
      { id: null, v: "e", v_right: null, w: null },
      { id: 4, v: null, v_right: 40, w: "u" },
      { id: null, v: null, v_right: 0, w: "n" },
    ],
    semi: [{ id: 2, v: "b" }, { id: 2, v: "c" }, { id: 3, v: "d" }],
    anti: [{ id: 1, v: "a" }, { id: null, v: "e" }],
  };
  for (const [how, want] of Object.entries(cases) as [JoinHow, Record<string, unknown>[]][]) {
    it(`${how}: keys coalesced to the common type, right keys dropped, clashing names suffixed, null keys never match`, async () => {
      const l = inBatches(left(), 2);
      const r = inBatches(right(), 2);
      const plan = JoinNode.create(scanOf(l), scanRight(r), how, ["id"], ["key"]);
      const rows = await run(plan, l, r);
      expect(rows).toEqual(want.map(({ key_unused: _k, ...row }) => row));
      if (how !== "semi" && how !== "anti") expect(plan.schema.fields.map((f) => `${f.name}:${f.type.id}`)).toEqual(["id:int64", "v:utf8", "v_right:float64", "w:utf8"]);
    });
  }

  it("joins on two keys, string and integer, with an empty build side", async () => {
    const a = tableOf({ s: strings(["x", "y", "x"]), n: ints([1, 1, 2]), p: floats([1, 2, 3]) });
    const b = tableOf({ s: dictStrings(["x", "x", "y"]), n: ints([1, 2, 2]), q: floats([10, 20, 30]) });
    const bScan = ScanNode.create({ kind: "argument", name: "b", uri: "memory:b", slot: 1 }, fromArrowSchema(b.schema));
    expect(await run(JoinNode.create(scanOf(a), bScan, "inner", ["s", "n"]), a, b)).toEqual([{ s: "x", n: 1, p: 1, q: 10 }, { s: "x", n: 2, p: 3, q: 20 }]);
    const none = b.slice(0, 0);
    expect(await run(JoinNode.create(scanOf(a), bScan, "left", ["s", "n"]), a, none)).toHaveLength(3);
    expect(await run(JoinNode.create(scanOf(a), bScan, "inner", ["s", "n"]), a, none)).toEqual([]);
  });
});

describe("Sort, Limit, Union, Project, Repartition, Scan, CustomUDF", () => {
  const table = () => inBatches(tableOf({ g: strings(["b", "a", null, "b", "a", "c"]), x: floats([3, null, 1, 1, 2, 0]), i: ints([0, 1, 2, 3, 4, 5]) }), 4);

  it("sorts stably on several keys, descending, nulls first or last", async () => {
    const tb = table();
    const byGThenXDesc = SortNode.create(scanOf(tb), [{ column: "g", descending: false, nullsLast: true }, { column: "x", descending: true, nullsLast: false }]);
    expect((await run(byGThenXDesc, tb)).map((r) => r.i)).toEqual([1, 4, 0, 3, 5, 2]);
    const byX = SortNode.create(scanOf(tb), [{ column: "x", descending: false, nullsLast: false }]);
    expect((await run(byX, tb)).map((r) => r.i)).toEqual([1, 5, 2, 3, 4, 0]);
    const stable = SortNode.create(scanOf(tb), [{ column: "g", descending: true, nullsLast: true }]);
    expect((await run(stable, tb)).map((r) => r.i)).toEqual([5, 0, 3, 1, 4, 2]);
  });

  it("limits with offset across batches and stops early", async () => {
    const tb = table();
    expect((await run(LimitNode.create(scanOf(tb), 3, 2), tb)).map((r) => r.i)).toEqual([2, 3, 4]);
    expect((await run(LimitNode.create(scanOf(tb), 10, 5), tb)).map((r) => r.i)).toEqual([5]);
    expect(await run(LimitNode.create(scanOf(tb), 0), tb)).toEqual([]);
  });

  it("unions inputs with type promotion (int32 with float64)", async () => {
    const a = tableOf({ v: ints([1, null]) });
    const b = tableOf({ v: floats([2.5]) });
    const bScan = ScanNode.create({ kind: "argument", name: "b", uri: "memory:b", slot: 1 }, fromArrowSchema(b.schema));
    const plan = UnionNode.create([scanOf(a), bScan]);
    expect(plan.schema.fields[0]!.type.id).toBe("float64");
    expect(await run(plan, a, b)).toEqual([{ v: 1 }, { v: null }, { v: 2.5 }]);
  });

  it("projects with renames, repartitions as a pass-through, and pushes scan columns and filters", async () => {
    const tb = table();
    const scan = scanOf(tb, "t", { columns: ["i", "g"], filter: call("gt", col("x"), lit(1, t.float64)) });
    const plan = ProjectNode.create(RepartitionNode.create(scan, Sharding.hash(["g"])), [{ name: "group", from: "g" }, { name: "row", from: "i" }]);
    expect(await run(plan, tb)).toEqual([{ group: "b", row: 0 }, { group: "a", row: 4 }]);
  });

  it("fuses Filter/Map chains where later steps read earlier outputs, over an empty input too", async () => {
    const tb = table();
    const m1 = MapNode.create(FilterNode.create(scanOf(tb), call("is_not_null", col("x"))), [{ name: "y", expr: call("mul", col("x"), lit(10, t.int32)) }]);
    const f2 = FilterNode.create(m1, call("lt", col("y"), lit(25, t.float64)));
    const m2 = MapNode.create(f2, [{ name: "x", expr: call("add", col("y"), col("i")) }]);
    expect(await run(m2, tb)).toEqual([{ g: null, x: 12, i: 2, y: 10 }, { g: "b", x: 13, i: 3, y: 10 }, { g: "a", x: 24, i: 4, y: 20 }, { g: "c", x: 5, i: 5, y: 0 }]);
    const empty = tb.slice(0, 0);
    const result = await executePlanLocally(m2, [arrowTableSource("e", empty)]);
    expect(result.numRows).toBe(0);
    expect(result.schema.fields.map((f) => f.name)).toEqual(["g", "x", "i", "y"]);
  });

  it("runs vectorized and row UDFs from the execution context", async () => {
    const tb = table();
    const out = schema([field("i", t.int32, false), field("twice", t.float64), field("tag", t.utf8())]);
    const vec = CustomUdfNode.create(scanOf(tb), "twice", "vectorized", ["x", "i"], out);
    const udfs = new Map([
      ["twice", { mode: "vectorized" as const, fn: (c: Record<string, arrow.Vector>, n: number) => ({ twice: Array.from({ length: n }, (_v, k) => { const x = c.x!.get(k) as number | null; return x === null ? null : 2 * x; }), tag: Array.from({ length: n }, () => "v") }) }],
      ["row", { mode: "row" as const, fn: (r: Record<string, unknown>) => ({ i: r.i, twice: r.x === null ? null : (r.x as number) * 2, tag: `r${r.i as number}` }) }],
    ]);
    const rows = rowsOf(await executePlanLocally(vec, [arrowTableSource("t", tb)], { udfs }));
    expect(rows.map((r) => r.twice)).toEqual([6, null, 2, 2, 4, 0]);
    const rowPlan = CustomUdfNode.create(scanOf(tb), "row", "row", ["x", "i"], out);
    const rows2 = rowsOf(await executePlanLocally(rowPlan, [arrowTableSource("t", tb)], { udfs }));
    expect(rows2.map((r) => `${r.tag}:${r.twice}`)).toEqual(["r0:6", "r1:null", "r2:2", "r3:2", "r4:4", "r5:0"]);
  });
});
