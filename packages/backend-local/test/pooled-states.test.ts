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

  it("binds a kernel to its record array until the array is replaced", () => {
    const states = new GroupStates(kinds);
    const binds: Float64Array[] = [];
    const bind = (records: Float64Array) => { binds.push(records); return () => records; };
    const first = states.bound("k", bind);
    expect(states.bound("k", bind)).toBe(first);
    states.ensure(1000); // grows: a new array
    const second = states.bound("k", bind);
    expect(second).not.toBe(first);
    expect(second()).toBe(states.packed);
    expect(binds).toHaveLength(2);
  });

  it("reset zeroes the records in place; placing by slots moves them in place where they fit", () => {
    const states = new GroupStates(kinds);
    states.ensure(8);
    const records = states.packed;
    records.fill(7);
    states.reset();
    expect(states.packed).toBe(records);
    expect([...records].every((v) => v === 0)).toBe(true);
    // Groups 0 and 1 by id, then at slots 5 and 2.
    records.set([1, 2, 1], 0);
    records.set([3, 4, 1], 3);
    const slots = new Int32Array(8).fill(-1);
    slots[5] = 0;
    slots[2] = 1;
    states.placeBy(slots, 2, 8);
    expect(states.packed).toBe(records);
    expect([...records.subarray(15, 18)]).toEqual([1, 2, 1]);
    expect([...records.subarray(6, 9)]).toEqual([3, 4, 1]);
    expect([...records.subarray(0, 6)]).toEqual([0, 0, 0, 0, 0, 0]);
    expect([...states.unpack(1, 2)[0] as Float64Array]).toEqual([2, 4]);
  });
});
