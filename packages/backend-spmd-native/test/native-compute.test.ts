import { Table, tableFromArrays } from "apache-arrow";
import { AggregateNode, Expr, field, FilterNode, GroupByNode, JoinNode, LimitNode, MapNode, schema, SortNode, t, type PlanNode } from "@datajax/core-ir";
import { LocalBackend } from "@datajax/backend-local";
import { Executor, tableSource } from "@datajax/runtime";
import { argumentScan, compareRows, singleStage, tableRows } from "@datajax/runtime/testing";
import { describe, expect, it } from "vitest";
import { AggregateFn, compileExprProgram, evaluateFilter, evaluateFilterMap, filterAggregate, filterColumns, SpmdNativeBackend, takeColumn } from "../src/index.js";
import { makeBatch } from "./kernels-fixtures.js";

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

async function both(plan: PlanNode, data: Table = batched): Promise<{ native: Table; local: Table; describe: string }> {
  const graph = singleStage(plan);
  const args = { arguments: new Map([[0, tableSource(data)]]) };
  const backend = new SpmdNativeBackend();
  const native = (await new Executor(backend).run(graph, args)).table;
  const local = (await new Executor(new LocalBackend()).run(graph, args)).table;
  return { native, local, describe: backend.compile(graph.stages[0]!).describe() };
}

function expectSameRows(native: Table, local: Table, ordered = false): void {
  expect(native.schema.fields.map((f) => `${f.name}:${f.type}:${f.nullable}`)).toEqual(local.schema.fields.map((f) => `${f.name}:${f.type}:${f.nullable}`));
  expect(compareRows(tableRows(native), tableRows(local), { ordered, relativeTolerance: 1e-12 })).toBeNull();
}

// Timestamps on both sides of the epoch (hour floors), null keys and arguments, 3 uneven batches.
const nullableTrips = (() => {
  const { table } = makeBatch([
    { name: "zone", type: t.int32, nullRate: 0.05, draw: (r) => Math.floor(r() * 40) },
    { name: "ts", type: t.timestamp("us", "UTC"), nullRate: 0.05, draw: (r) => Math.floor((r() - 0.3) * 2 ** 40) },
    { name: "fare", type: t.float64, nullRate: 0.05, draw: (r) => r() * 20 - 4 },
    { name: "total", type: t.float64, nullRate: 0.1, draw: (r) => r() * 50 },
  ], 9000, 17);
  return new Table([...table.slice(0, 2500).batches, ...table.slice(2500, 6101).batches, ...table.slice(6101).batches]);
})();

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

  it("runs a q3-like filter + hour + two-key group-by as one fused native pass, nulls and batches included", async () => {
    const data = nullableTrips;
    const tripScan = argumentScan(0, data, { columns: ["zone", "ts", "fare", "total"] });
    const hour = MapNode.create(FilterNode.create(tripScan, gt("fare", 0)), [
      { name: "hour", expr: Expr.call("hour", [Expr.column("ts")]) },
      { name: "ratio", expr: Expr.call("div", [Expr.column("total"), Expr.column("fare")]) },
    ]);
    const plan = AggregateNode.create(GroupByNode.create(hour, ["zone", "hour"]), [
      { name: "n", agg: Expr.aggregate("count", null) },
      { name: "total_mean", agg: Expr.aggregate("mean", Expr.column("total")) },
      { name: "ratio_mean", agg: Expr.aggregate("mean", Expr.column("ratio")) },
      { name: "fare_max", agg: Expr.aggregate("max", Expr.column("fare")) },
      { name: "totals", agg: Expr.aggregate("count", Expr.column("total")) },
    ]);
    const { native, local, describe: text } = await both(plan, data);
    expect(text).toMatch(/native hash aggregate by \[zone, hour\].*fused filter \+ derive \+ aggregate \(one pass\)/);
    expect(native.numRows).toBeGreaterThan(500); // 40 zones x 24 hours, null groups included
    expectSameRows(native, local);
    // Derived keys without a filter take the same path (every row kept).
    const unfiltered = AggregateNode.create(GroupByNode.create(MapNode.create(tripScan, [{ name: "minute", expr: Expr.call("minute", [Expr.column("ts")]) }]), ["minute"]), [
      { name: "n", agg: Expr.aggregate("count", null) },
      { name: "fare_sum", agg: Expr.aggregate("sum", Expr.column("fare")) },
    ]);
    const all = await both(unfiltered, data);
    expect(all.describe).toMatch(/fused filter \+ derive \+ aggregate/);
    expectSameRows(all.native, all.local);
  });

  it("runs a q4-like group-by joined back → filter → aggregate with the build columns gathered in the fused pass", async () => {
    const col = (c: string) => Expr.column(c);
    const cases: { data: Table; columns: string[] }[] = [
      { data: batched, columns: ["zone", "fare", "miles", "tip"] }, // no null keys: every probe row matches once
      { data: nullableTrips, columns: ["zone", "fare", "total"] }, // null keys (never match), null fares
    ];
    for (const { data, columns } of cases) {
      const tripScan = () => argumentScan(0, data, { columns });
      for (const buildFilter of [null, gt("fare", 9)]) { // a filtered build side leaves zones unmatched
        const built = buildFilter ? FilterNode.create(tripScan(), buildFilter) : tripScan();
        const perZone = AggregateNode.create(GroupByNode.create(built, ["zone"]), [{ name: "avg_fare", agg: Expr.aggregate("mean", col("fare")) }]);
        for (const how of ["inner", "left"] as const) {
          const joined = JoinNode.create(tripScan(), perZone, how, ["zone"]);
          const plan = AggregateNode.create(FilterNode.create(joined, Expr.call("or", [Expr.call("gt", [col("fare"), col("avg_fare")]), Expr.call("is_null", [col("avg_fare")])])), [
            { name: "n", agg: Expr.aggregate("count", null) },
            { name: "fare_sum", agg: Expr.aggregate("sum", col("fare")) },
            { name: "avg_seen", agg: Expr.aggregate("count", col("avg_fare")) },
            { name: "avg_max", agg: Expr.aggregate("max", col("avg_fare")) },
            { name: "avg_mean", agg: Expr.aggregate("mean", col("avg_fare")) },
          ]);
          const { native, local, describe: text } = await both(plan, data);
          expect(text).toMatch(/native global aggregate: .*\(join gather \+ filter \+ derive \+ aggregate fused in one pass\)\n\s+native hash join/);
          expect(Number(native.getChild("n")!.get(0))).toBeGreaterThan(0);
          expectSameRows(native, local);
        }
      }
    }
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

describe("filterAggregate over gathered columns (a join's build side read in the pass)", () => {
  const n = 5000;
  const build = { type: t.float64, length: 3, values: Float64Array.of(1.5, -2, 7), validity: Uint8Array.of(0b101) }; // row 1 null
  const take = Int32Array.from({ length: n }, (_v, i) => (i % 5 === 4 ? -1 : i % 3)); // -1: an unmatched row
  const x = { type: t.float64, length: n, values: Float64Array.from({ length: n }, (_v, i) => (i % 11) - 3), validity: null };
  const s2 = schema([field("x", t.float64, false), field("b", t.float64)]);
  const program = compileExprProgram([Expr.call("gt", [Expr.column("x"), Expr.column("b")]), Expr.column("b"), Expr.call("mul", [Expr.column("x"), Expr.column("b")])], s2);
  const specs = [{ fn: AggregateFn.CountAll, output: -1 }, { fn: AggregateFn.Count, output: 1 }, { fn: AggregateFn.Sum, output: 2 }, { fn: AggregateFn.Max, output: 1 }];

  it("equals aggregating the materialised gather, nulls and unmatched rows included", () => {
    const gathered = filterAggregate(program, 0, specs, [x, { column: build, take }], n);
    const materialised = filterAggregate(program, 0, specs, [x, takeColumn(build, take)], n);
    expect(gathered).toEqual(materialised);
    expect(gathered[0]!.count).toBeGreaterThan(0);
  });

  it("refuses gather indices outside the column or below -1", () => {
    expect(() => filterAggregate(program, 0, specs, [x, { column: build, take: Int32Array.from(take, (v) => (v === 2 ? 3 : v)) }], n)).toThrow(/holds 24 bytes/);
    expect(() => filterAggregate(program, 0, specs, [x, { column: build, take: Int32Array.from(take, (v) => (v === -1 ? -2 : v)) }], n)).toThrow(/is negative/);
    expect(() => filterAggregate(program, 0, specs, [x, { column: build, take: take.subarray(0, 10) }], n)).toThrow(RangeError);
  });
});

describe("the event loop during a long native stage", () => {
  it("gets turns between batches: no timer waits for the whole of a 12M-row grouped aggregate", async () => {
    const n = 12_000_000;
    const zone = new Int32Array(n);
    const fare = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      zone[i] = (i * 7919) % 265;
      fare[i] = (i % 997) / 10;
    }
    const big = tableFromArrays({ zone, fare });
    const batches = new Table(Array.from({ length: 96 }, (_v, k) => big.slice((k * n) / 96, ((k + 1) * n) / 96).batches).flat());
    const plan = AggregateNode.create(GroupByNode.create(argumentScan(0, batches), ["zone"]), [
      { name: "total", agg: Expr.aggregate("sum", Expr.column("fare")) },
      { name: "mean", agg: Expr.aggregate("mean", Expr.column("fare")) },
      { name: "top", agg: Expr.aggregate("max", Expr.column("fare")) },
    ]);
    const executor = new Executor(new SpmdNativeBackend());
    const run = () => executor.run(singleStage(plan), { arguments: new Map([[0, tableSource(batches)]]) });
    await run(); // compiled, the addon loaded
    let longest = 0;
    let last = performance.now();
    const timer = setInterval(() => {
      longest = Math.max(longest, performance.now() - last);
      last = performance.now();
    }, 1);
    const started = performance.now();
    const { table } = await run();
    const ms = performance.now() - started;
    longest = Math.max(longest, performance.now() - last);
    clearInterval(timer);
    expect(table.numRows).toBe(265);
    // The stage holds the thread for about 8 ms (plus one batch) between turns, never for the whole run.
    expect(ms, "the run must be long enough for the check to mean something").toBeGreaterThan(30);
    expect(longest, `the longest wait of a 1 ms timer in a ${ms.toFixed(0)} ms run`).toBeLessThan(ms * 0.6);
  });
});
