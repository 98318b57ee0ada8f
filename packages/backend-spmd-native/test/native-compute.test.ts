import { Table, tableFromArrays } from "apache-arrow";
import { AggregateNode, Expr, field, FilterNode, GroupByNode, JoinNode, LimitNode, MapNode, schema, SortNode, t, type PlanNode } from "@datajax/core-ir";
import { LocalBackend } from "@datajax/backend-local";
import { Executor, tableSource } from "@datajax/runtime";
import { argumentScan, compareRows, singleStage, tableRows } from "@datajax/runtime/testing";
import { describe, expect, it } from "vitest";
import { compileExprProgram, evaluateFilter, evaluateFilterMap, filterColumns, SpmdNativeBackend } from "../src/index.js";

// The native/fallback split of the per-rank compute (src/execution/native/plan-native.ts): what the
// kernels cover runs natively, the rest on the local backend, and both give the local backend's rows.

const rows = 5000; // more than one kernel chunk (2048 rows), several input batches
const zone = Int32Array.from({ length: rows }, (_v, i) => (i * 7919) % 13);
const fare = Float64Array.from({ length: rows }, (_v, i) => ((i * 104729) % 997) / 10 - 5);
const miles = Float64Array.from({ length: rows }, (_v, i) => ((i * 31) % 50) / 7);
const tipValues = Float64Array.from({ length: rows }, (_v, i) => (i % 17) / 3);
// tip has nulls; three batches of uneven sizes (the last two start mid-bitmap-byte).
const whole = tableFromArrays({ zone, fare, miles, tip: Array.from(tipValues, (v, i) => (i % 11 === 0 ? null : v)), name: Array.from({ length: rows }, (_v, i) => `Zone${i % 5}`) });
const batched = new Table([...whole.slice(0, 1700).batches, ...whole.slice(1700, 4100).batches, ...whole.slice(4100).batches]);

// The numeric columns (the kernels' layouts); the string test scans `name` too.
const scan = () => argumentScan(0, batched, { columns: ["zone", "fare", "miles", "tip"] });
const gt = (c: string, v: number) => Expr.call("gt", [Expr.column(c), Expr.literal(v, t.float64)]);

async function both(plan: PlanNode): Promise<{ native: Table; local: Table; describe: string }> {
  const graph = singleStage(plan);
  const args = { arguments: new Map([[0, tableSource(batched)]]) };
  const backend = new SpmdNativeBackend();
  const native = (await new Executor(backend).run(graph, args)).table;
  const local = (await new Executor(new LocalBackend()).run(graph, args)).table;
  return { native, local, describe: backend.compile(graph.stages[0]!).describe() };
}

function expectSameRows(native: Table, local: Table, ordered = false): void {
  expect(native.schema.fields.map((f) => `${f.name}:${f.type}:${f.nullable}`)).toEqual(local.schema.fields.map((f) => `${f.name}:${f.type}:${f.nullable}`));
  expect(compareRows(tableRows(native), tableRows(local), { ordered, relativeTolerance: 1e-12 })).toBeNull();
}

describe("native stage compute", () => {
  it("runs a q1-like filter + derive + global aggregate natively, fused in one pass", async () => {
    const derived = MapNode.create(FilterNode.create(scan(), gt("miles", 1)), [{ name: "per_mile", expr: Expr.call("div", [Expr.column("fare"), Expr.column("miles")]) }]);
    const plan = AggregateNode.create(derived, [
      { name: "total", agg: Expr.aggregate("sum", Expr.column("per_mile")) },
      { name: "n", agg: Expr.aggregate("count", null) },
      { name: "tip_mean", agg: Expr.aggregate("mean", Expr.column("tip")) },
      { name: "fare_max", agg: Expr.aggregate("max", Expr.column("fare")) },
    ]);
    const { native, local, describe: text } = await both(plan);
    expect(text).toMatch(/native global aggregate: total = sum, n = count.*filter \+ derive \+ aggregate fused in one pass/);
    expect(text).toMatch(/native scan arg0/);
    expect(text).not.toMatch(/typescript/);
    expect(native.numRows).toBe(1);
    expectSameRows(native, local);
  });

  it("runs filter → map chains and grouped aggregates natively, with nulls across batches", async () => {
    const derived = MapNode.create(FilterNode.create(scan(), gt("fare", 0)), [{ name: "ratio", expr: Expr.call("div", [Expr.column("tip"), Expr.column("fare")]) }]);
    const chain = await both(derived);
    expect(chain.describe).toMatch(/native filter → map: fused filter \+ derive/);
    expectSameRows(chain.native, chain.local, true);
    const grouped = AggregateNode.create(GroupByNode.create(derived, ["zone"]), [
      { name: "n", agg: Expr.aggregate("count", null) },
      { name: "ratio_mean", agg: Expr.aggregate("mean", Expr.column("ratio")) },
      { name: "tips", agg: Expr.aggregate("count", Expr.column("tip")) },
      { name: "fare_min", agg: Expr.aggregate("min", Expr.column("fare")) },
    ]);
    const agg = await both(grouped);
    expect(agg.describe).toMatch(/native hash aggregate by \[zone\]/);
    expectSameRows(agg.native, agg.local);
  });

  it("runs a group-by joined back (inner and left) and sort + limit natively", async () => {
    const perZone = AggregateNode.create(GroupByNode.create(FilterNode.create(scan(), gt("fare", 50)), ["zone"]), [{ name: "avg_fare", agg: Expr.aggregate("mean", Expr.column("fare")) }]);
    for (const how of ["inner", "left", "semi", "anti"] as const) {
      const joined = JoinNode.create(scan(), perZone, how, ["zone"]);
      const { native, local, describe: text } = await both(joined);
      expect(text).toMatch(new RegExp(`native hash join ${how} on \\[zone\\]`));
      expectSameRows(native, local);
    }
    const sorted = LimitNode.create(SortNode.create(scan(), [{ column: "fare", descending: true, nullsLast: true }, { column: "zone", descending: false, nullsLast: true }]), 25, 3);
    const top = await both(sorted);
    expect(top.describe).toMatch(/native limit 25 offset 3\n\s+native sort \[fare desc, zone asc\]/);
    expectSameRows(top.native, top.local, true);
  });

  it("runs a string-expression stage on the local backend and still matches it", async () => {
    const plan = FilterNode.create(argumentScan(0, batched), Expr.call("eq", [Expr.call("lower", [Expr.column("name")]), Expr.literal("zone3", t.utf8())]));
    const { native, local, describe: text } = await both(plan);
    expect(text).toMatch(/native \(C\+\+\): none of this fragment's operators/);
    expect(text).toMatch(/typescript \(the local backend's kernels, over this rank's rows; /);
    expect(native.numRows).toBe(1000);
    expectSameRows(native, local, true);
  });

  it("keeps a native parent over a local subtree (count_distinct below a join stays on TypeScript)", async () => {
    const distinct = AggregateNode.create(GroupByNode.create(scan(), ["zone"]), [{ name: "fares", agg: Expr.aggregate("count_distinct", Expr.column("fare")) }]);
    const plan = JoinNode.create(scan(), distinct, "inner", ["zone"]);
    const { native, local, describe: text } = await both(plan);
    expect(text).toMatch(/native hash join inner/);
    expect(text).toMatch(/typescript .*count_distinct/);
    expectSameRows(native, local);
  });
});

describe("evaluateFilterMap (filter + derive in one pass)", () => {
  it("equals evaluateFilter then filtering the derived columns, nulls and chunk edges included", () => {
    const n = 4500;
    const x = { type: t.float64, length: n, values: Float64Array.from({ length: n }, (_v, i) => (i % 9) - 4), validity: null };
    const validity = new Uint8Array((n + 7) >> 3);
    for (let i = 0; i < n; i++) if (i % 7 !== 0) validity[i >> 3]! |= 1 << (i & 7);
    const y = { type: t.float64, length: n, values: Float64Array.from({ length: n }, (_v, i) => i / 3), validity };
    const program = compileExprProgram([gt("x", 0), Expr.call("add", [Expr.column("x"), Expr.column("y")]), Expr.column("y")], schema([field("x", t.float64, false), field("y", t.float64)]));
    const { rows: kept, columns } = evaluateFilterMap(program, [x, y], n, 0);
    const selection = evaluateFilter(program, [x, y], n, 0);
    expect(kept).toBe(selection.length);
    const [sum, yKept] = [columns[1]!, columns[2]!];
    const expectedY = filterColumns([y], selection)[0]!;
    for (let k = 0; k < kept; k++) {
      const i = selection[k]!;
      const valid = i % 7 !== 0;
      expect(((yKept.validity![k >> 3]! >> (k & 7)) & 1) === 1).toBe(valid);
      expect(((sum.validity![k >> 3]! >> (k & 7)) & 1) === 1).toBe(valid);
      if (valid) expect(sum.values[k]).toBe(x.values[i]! + y.values[i]!);
      expect(yKept.values[k]).toBe(expectedY.values[k]);
    }
    expect(columns[0]!.validity).toBeNull();
  });
});
