import * as arrow from "apache-arrow";
import { describe, expect, it } from "vitest";
import { AggregateNode, Expr, GroupByNode, planHash, type StageGraph } from "@datajax/core-ir";
import { GroupStates } from "../src/aggregate/group-states.js";
import { arrowTableSource, executePlanLocally, LocalBackend } from "../src/index.js";
import { floats, ints, strings, tableOf } from "./arrow-vectors.js";
import { col, inBatches, rowsOf, scanOf } from "./plan-fixtures.js";

// An Aggregate keeps a finished run's GroupStates (reset) for its next run, with the kernels
// bound to the states' record array (GroupStates.bound). A run must never see another run's groups.

/** `groups` keys from `from` on (with nulls), values that differ per table (`seed`). */
function trips(rows: number, from: number, groups: number, seed: number): arrow.Table {
  const k = Array.from({ length: rows }, (_, i) => (i % 17 === 5 ? null : from + ((i * 7) % groups)));
  const x = Array.from({ length: rows }, (_, i) => (i % 11 === 3 ? null : ((i * seed) % 101) / 4));
  const s = Array.from({ length: rows }, (_, i) => (i % 13 === 0 ? null : `v${(i * seed) % 37}`));
  return inBatches(tableOf({ k: ints(k), x: floats(x), s: strings(s) }), 1000);
}

const aggregates = [
  { name: "n", agg: Expr.aggregate("count", null) },
  { name: "total", agg: Expr.aggregate("sum", col("x")) },
  { name: "top", agg: Expr.aggregate("max", col("x")) },
  { name: "least", agg: Expr.aggregate("min", col("s")) },
  { name: "kinds", agg: Expr.aggregate("count_distinct", col("s")) },
];

describe("an Aggregate run again on the same compiled stage", () => {
  const plan = AggregateNode.create(GroupByNode.create(scanOf(trips(10, 1, 3, 1)), ["k"]), aggregates);
  const stage = { id: "s0", plan, inputs: [], schema: plan.schema, sharding: plan.sharding, hash: planHash(plan) };
  const graph: StageGraph = { stages: [stage], output: "s0" };

  const runOn = async (backend: LocalBackend, compiled: Map<string, ReturnType<LocalBackend["compile"]>>, table: arrow.Table) => {
    const batches: arrow.RecordBatch[] = [];
    for await (const b of backend.execute(graph, compiled, { arguments: new Map([[0, arrowTableSource("t", table)]]), udfs: new Map() })) batches.push(b);
    return rowsOf(new arrow.Table(batches));
  };
  const fresh = async (table: arrow.Table) => rowsOf(await executePlanLocally(plan, [arrowTableSource("t", table)]));

  it("answers as a fresh stage does, whatever the previous run held", async () => {
    const backend = new LocalBackend();
    const compiled = new Map([["s0", backend.compile(stage)]]);
    // Many groups (past the states' first growth), then few with other keys, then many again.
    const tables = [trips(20_000, 1, 300, 3), trips(5_000, 1000, 4, 5), trips(20_000, 1, 300, 3), trips(3_000, 50, 200, 7)];
    for (const table of tables) expect(await runOn(backend, compiled, table)).toEqual(await fresh(table));
  });

  it("runs at once in flight keep their own states", async () => {
    const backend = new LocalBackend();
    const compiled = new Map([["s0", backend.compile(stage)]]);
    const a = trips(30_000, 1, 250, 3);
    const b = trips(30_000, 400, 9, 11);
    await runOn(backend, compiled, a); // one pooled states from here on
    const [ra, rb] = await Promise.all([runOn(backend, compiled, a), runOn(backend, compiled, b)]);
    expect(ra).toEqual(await fresh(a));
    expect(rb).toEqual(await fresh(b));
  });
});

describe("GroupStates", () => {
  const kinds = [["f64"], ["f64", "u8"]] as const;

  it("binds a kernel to the values it was bound to until one of them is replaced", () => {
    const states = new GroupStates(kinds);
    let binds = 0;
    const bind = () => { binds++; return [...states.arrays]; };
    const slots = new Int32Array(4);
    const first = states.bound("k", [slots, ...states.arrays], bind);
    expect(states.bound("k", [slots, ...states.arrays], bind)).toBe(first);
    expect(states.bound("k", [new Int32Array(4), ...states.arrays], bind)).not.toBe(first); // the key table re-indexed
    states.ensure(1000); // grows: new arrays
    const grown = states.bound("k", [slots, ...states.arrays], bind);
    expect(grown).toEqual(states.arrays);
    expect(grown[0]).not.toBe(first[0]);
    expect(binds).toBe(3);
  });

  it("reset zeroes the states in place; placing by slots moves them in place where they fit", () => {
    const states = new GroupStates(kinds);
    states.ensure(8);
    const arrays = [...states.arrays];
    expect(arrays).toHaveLength(3);
    for (const a of arrays) a.fill(7);
    states.reset();
    expect(states.arrays).toEqual(arrays);
    states.arrays.forEach((a, k) => expect(a).toBe(arrays[k]));
    expect(arrays.every((a) => a.every((v) => v === 0))).toBe(true);
    // Groups 0 and 1 by id, then at slots 5 and 2.
    arrays.forEach((a, k) => { a[0] = [1, 2, 1][k]!; a[1] = [3, 4, 1][k]!; });
    const slots = new Int32Array(8).fill(-1);
    slots[5] = 0;
    slots[2] = 1;
    states.placeBy(slots, 2, 8);
    states.arrays.forEach((a, k) => expect(a).toBe(arrays[k]));
    expect(arrays.map((a) => [a[5], a[2], a[0], a[1]])).toEqual([[1, 3, 0, 0], [2, 4, 0, 0], [1, 1, 0, 0]]);
    expect([...(states.unpack(1, 2)[0] as Float64Array)]).toEqual([2, 4]);
    // Past the room: new arrays, the records carried over.
    states.placeBy(null, 2, 500);
    expect(states.arrays[0]).not.toBe(arrays[0]);
    expect([...(states.unpack(0, 2)[0] as Float64Array)]).toEqual([1, 3]);
  });
});

describe("states too large to bind", () => {
  it("run kernels that read the arrays from the states (the fused loop and the update loop), with the same answers", async () => {
    // 250 × 250 dense slots, 10 aggregates of two states: 65,536 × 20 doubles, past what kernels bind to.
    const rows = 60_000;
    const a = Array.from({ length: rows }, (_, i) => (i * 7) % 250);
    const b = Array.from({ length: rows }, (_, i) => (i * 13) % 250);
    const x = Array.from({ length: rows }, (_, i) => ((i * 37) % 1009) - 500);
    const table = inBatches(tableOf({ a: ints(a), b: ints(b), x: floats(x) }), 8000);
    const aggs = Array.from({ length: 10 }, (_, j) => ({ name: `m${j}`, agg: Expr.aggregate(j % 2 ? "max" : "sum", col("x")) }));
    const plan = AggregateNode.create(GroupByNode.create(scanOf(table), ["a", "b"]), aggs);
    const states = new GroupStates(aggs.map(() => ["f64", "u8"] as const));
    states.ensure(250 * 250);
    expect(states.bindable).toBe(false);
    const oracle = new Map<string, { sum: number; max: number }>();
    a.forEach((ka, i) => {
      const key = `${ka}|${b[i]}`;
      const e = oracle.get(key) ?? { sum: 0, max: -Infinity };
      e.sum += x[i]!;
      e.max = Math.max(e.max, x[i]!);
      oracle.set(key, e);
    });
    const got = rowsOf(await executePlanLocally(plan, [arrowTableSource("t", table)]));
    expect(got).toHaveLength(oracle.size);
    for (const r of got) {
      const e = oracle.get(`${r.a}|${r.b}`)!;
      expect([r.m0, r.m1, r.m8, r.m9]).toEqual([e.sum, e.max, e.sum, e.max]);
    }
  });
});
