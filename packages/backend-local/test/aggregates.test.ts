import * as arrow from "apache-arrow";
import { describe, it, expect } from "vitest";
import { AggregateNode, Expr, GroupByNode, type AggregateName, type NamedAggregate } from "@datajax/core-ir";
import { aggregateKernels } from "../src/aggregate/aggregate-kernels.js";
import { bigints, dictStrings, floats, ints, strings, tableOf } from "./arrow-vectors.js";
import { col, inBatches, run, scanOf } from "./plan-fixtures.js";

// Groups: k=1 → x [1, null, 4]; k=2 → x [null, null]; k=3 → x [2.5]; k=null → x [10, 3].
const data = () =>
  tableOf({
    k: ints([1, 2, 1, 3, 2, 1, null, null]),
    x: floats([1, null, null, 2.5, null, 4, 10, 3]),
    s: strings(["b", null, "a", "z", null, "c", "q", "q"]),
    d: dictStrings(["b", null, "a", "z", null, "c", "q", "q"]),
    w: bigints([5, 6, 5, 7, null, 5, 1, 2]),
  });

type Expected = { byKey: Record<string, unknown>; global: unknown; empty: unknown };
/** Expected per group (key → value), over all rows, and over no rows; one entry per registry aggregate. */
const expected: Record<AggregateName, { arg: string | null; want: Expected }> = {
  count: { arg: "x", want: { byKey: { 1: 2, 2: 0, 3: 1, null: 2 }, global: 5, empty: 0 } },
  sum: { arg: "x", want: { byKey: { 1: 5, 2: null, 3: 2.5, null: 13 }, global: 20.5, empty: null } },
  mean: { arg: "x", want: { byKey: { 1: 2.5, 2: null, 3: 2.5, null: 6.5 }, global: 4.1, empty: null } },
  min: { arg: "s", want: { byKey: { 1: "a", 2: null, 3: "z", null: "q" }, global: "a", empty: null } },
  max: { arg: "x", want: { byKey: { 1: 4, 2: null, 3: 2.5, null: 10 }, global: 10, empty: null } },
  var: { arg: "x", want: { byKey: { 1: 4.5, 2: null, 3: null, null: 24.5 }, global: 12.05, empty: null } },
  std: { arg: "x", want: { byKey: { 1: Math.sqrt(4.5), 2: null, 3: null, null: Math.sqrt(24.5) }, global: Math.sqrt(12.05), empty: null } },
  first: { arg: "d", want: { byKey: { 1: "b", 2: null, 3: "z", null: "q" }, global: "b", empty: null } },
  last: { arg: "x", want: { byKey: { 1: 4, 2: null, 3: 2.5, null: 3 }, global: 3, empty: null } },
  count_distinct: { arg: "w", want: { byKey: { 1: 1, 2: 1, 3: 1, null: 2 }, global: 5, empty: 0 } },
};

const near = (got: unknown, want: unknown) => {
  if (typeof want === "number" && !Number.isInteger(want)) expect(got as number).toBeCloseTo(want, 12);
  else expect(got).toEqual(want);
};

describe("every registry aggregate: nulls skipped, empty groups, global and grouped, multi-batch", () => {
  for (const [fn, { arg, want }] of Object.entries(expected) as [AggregateName, (typeof expected)[AggregateName]][]) {
    const agg: NamedAggregate = { name: "v", agg: Expr.aggregate(fn, arg ? col(arg) : null) };
    it(`${fn} by key`, async () => {
      for (const table of [data(), inBatches(data(), 3)]) {
        const rows = await run(AggregateNode.create(GroupByNode.create(scanOf(table), ["k"]), [agg]), table);
        expect(rows.map((r) => String(r.k))).toEqual(["1", "2", "3", "null"]);
        for (const r of rows) near(r.v, want.byKey[String(r.k)]);
      }
    });
    it(`${fn} global and over no rows`, async () => {
      const table = inBatches(data(), 2);
      near((await run(AggregateNode.create(scanOf(table), [agg]), table))[0]!.v, want.global);
      const empty = data().slice(0, 0);
      const rows = await run(AggregateNode.create(scanOf(empty), [agg]), empty);
      expect(rows).toHaveLength(1);
      near(rows[0]!.v, want.empty);
    });
  }

  it("count() counts rows, count(x) non-null values", async () => {
    const table = data();
    const rows = await run(AggregateNode.create(scanOf(table), [
      { name: "rows", agg: Expr.aggregate("count", null) },
      { name: "xs", agg: Expr.aggregate("count", col("x")) },
    ]), table);
    expect(rows).toEqual([{ rows: 8, xs: 5 }]);
  });

  it("sum of integers is an exact int64; a grouped aggregate over no rows has no groups", async () => {
    const table = data();
    const rows = await run(AggregateNode.create(GroupByNode.create(scanOf(table), ["s"]), [{ name: "t", agg: Expr.aggregate("sum", col("w")) }]), table);
    expect(Object.fromEntries(rows.map((r) => [String(r.s), r.t]))).toEqual({ b: 5, null: 6, a: 5, z: 7, c: 5, q: 3 });
    const empty = data().slice(0, 0);
    expect(await run(AggregateNode.create(GroupByNode.create(scanOf(empty), ["k"]), [{ name: "n", agg: Expr.aggregate("count", null) }]), empty)).toEqual([]);
  });

  it("groups on string, dictionary and multiple keys, with wide key ranges (hash) and later-growing ranges (dense)", async () => {
    const n = 5000;
    const k1 = Array.from({ length: n }, (_v, i) => (i < n / 2 ? i % 7 : (i % 7) * 1_000_003));
    const k2 = Array.from({ length: n }, (_v, i) => (i % 3 === 0 ? null : `g${i % 5}`));
    const table = inBatches(tableOf({ a: ints(k1), b: dictStrings(k2), c: strings(k2), x: floats(k1.map((_v, i) => i)) }), 700);
    for (const keys of [["a"], ["b"], ["c"], ["a", "b"], ["c", "a"]]) {
      const rows = await run(AggregateNode.create(GroupByNode.create(scanOf(table), keys), [{ name: "n", agg: Expr.aggregate("count", null) }, { name: "s", agg: Expr.aggregate("sum", col("x")) }]), table);
      const oracle = new Map<string, { n: number; s: number }>();
      for (let i = 0; i < n; i++) {
        const key = keys.map((k) => String(k === "a" ? k1[i] : k2[i])).join("|");
        const e = oracle.get(key) ?? { n: 0, s: 0 };
        e.n++; e.s += i;
        oracle.set(key, e);
      }
      expect(rows.length).toBe(oracle.size);
      for (const r of rows) expect({ n: r.n, s: r.s }).toEqual(oracle.get(keys.map((k) => String(r[k])).join("|")));
    }
  });
});

/** The same table with every column declared non-nullable (the schema's promise: no nulls). */
const required = (table: arrow.Table) => {
  const schema = new arrow.Schema(table.schema.fields.map((f) => new arrow.Field(f.name, f.type, false)));
  return new arrow.Table(schema, table.batches.map((b) => new arrow.RecordBatch(schema, b.data)));
};

describe("min, max, first and last over a column that cannot be null: a new group takes its first row's value", () => {
  // Negative values (a state left at 0 would win a max). The first batch holds keys 1 and 400 (the
  // dense range) and 401-410 (past it, while the key table learns: the materializing path); the
  // others arrive later, inside the range (created by the fused loop). NaNs first in one group
  // and later in another.
  const n = 5000;
  const keys = Array.from({ length: n }, (_v, i) => (i < 450 ? [1, 400, 401 + (i % 10)][i % 3]! : ((i * 7919) % 400) + 1));
  const seen = new Set<number>();
  const xs = keys.map((k, i) => {
    const first = !seen.has(k);
    seen.add(k);
    return (k === 7 && first) || (k === 9 && i > 4000) ? Number.NaN : -1 - ((i * 31) % 997) / 8;
  });
  const table = inBatches(required(tableOf({ k: ints(keys), x: floats(xs) })), 450);
  const aggs: NamedAggregate[] = (["min", "max", "first", "last"] as const).map((fn) => ({ name: fn, agg: Expr.aggregate(fn, col("x")) }));
  /** Row-order semantics of the flagged loop: the first value, then one that compares past it. */
  const oracle = new Map<number, { min: number; max: number; first: number; last: number }>();
  keys.forEach((k, i) => {
    const v = xs[i]!;
    const e = oracle.get(k);
    if (!e) oracle.set(k, { min: v, max: v, first: v, last: v });
    // biome-ignore lint/complexity/useMathMinMax: the compares are the semantics (Math.max would take every NaN).
    else Object.assign(e, { min: v < e.min ? v : e.min, max: v > e.max ? v : e.max, last: v });
  });

  it("agrees with row order, grouped by the dense key", async () => {
    expect(aggregateKernels.max({ type: { id: "float64" } as never, nullable: false }, true).newGroup).toBeDefined();
    expect(aggregateKernels.max({ type: { id: "float64" } as never, nullable: true }, true).newGroup).toBeUndefined();
    const rows = await run(AggregateNode.create(GroupByNode.create(scanOf(table), ["k"]), aggs), table);
    expect(rows).toHaveLength(oracle.size);
    for (const r of rows) expect({ min: r.min, max: r.max, first: r.first, last: r.last }).toEqual(oracle.get(r.k as number));
    expect(Number.isNaN(rows.find((r) => r.k === 7)!.max)).toBe(true);
    expect(rows.find((r) => r.k === 9)!.max).toBeLessThan(0);
  });
});

describe("group states: one record per group", () => {
  it("every registry aggregate side by side in one node (numeric and JS-array states interleaved), grouped and global", async () => {
    const all = Object.entries(expected) as [AggregateName, (typeof expected)[AggregateName]][];
    const aggs: NamedAggregate[] = all.map(([fn, { arg }]) => ({ name: fn, agg: Expr.aggregate(fn, arg ? col(arg) : null) }));
    for (const table of [data(), inBatches(data(), 3)]) {
      const rows = await run(AggregateNode.create(GroupByNode.create(scanOf(table), ["k"]), aggs), table);
      expect(rows.map((r) => String(r.k))).toEqual(["1", "2", "3", "null"]);
      for (const r of rows) for (const [fn, { want }] of all) near(r[fn], want.byKey[String(r.k)]);
      const [global] = await run(AggregateNode.create(scanOf(table), aggs), table);
      for (const [fn, { want }] of all) near(global![fn], want.global);
    }
  });

  it("a grouped sum over a column that cannot be null: every group has its sum, fused (dense keys) and hashed (string keys), past the first growth", async () => {
    const n = 6000;
    const keys = Array.from({ length: n }, (_v, i) => (i * 7919) % 300);
    const table = inBatches(required(tableOf({ k: ints(keys), s: strings(keys.map((k) => `g${k}`)), x: floats(keys.map((_k, i) => i * 0.5 - 1000)) })), 700);
    const oracle = new Map<number, { n: number; sum: number; max: number }>();
    keys.forEach((k, i) => {
      const e = oracle.get(k) ?? { n: 0, sum: 0, max: -Infinity };
      e.n++; e.sum += i * 0.5 - 1000; e.max = Math.max(e.max, i * 0.5 - 1000);
      oracle.set(k, e);
    });
    const aggs: NamedAggregate[] = [
      { name: "sum", agg: Expr.aggregate("sum", col("x")) },
      { name: "n", agg: Expr.aggregate("count", null) },
      { name: "max", agg: Expr.aggregate("max", col("x")) },
    ];
    for (const by of ["k", "s"]) {
      const rows = await run(AggregateNode.create(GroupByNode.create(scanOf(table), [by]), aggs), table);
      expect(rows).toHaveLength(300);
      for (const r of rows) {
        const k = by === "k" ? (r.k as number) : Number((r.s as string).slice(1));
        expect({ sum: r.sum, n: r.n, max: r.max }).toEqual(oracle.get(k));
      }
    }
    // Only a grouped sum drops its flag: a global sum over no rows is still null.
    expect(aggregateKernels.sum({ type: { id: "float64" } as never, nullable: false }, true).states).toEqual(["f64"]);
    expect(aggregateKernels.sum({ type: { id: "float64" } as never, nullable: false }, false).states).toEqual(["f64", "u8"]);
    const empty = required(tableOf({ x: floats([]) }));
    expect(await run(AggregateNode.create(scanOf(empty), [aggs[0]!]), empty)).toEqual([{ sum: null }]);
  });

  it("records follow the key table: at dense slots while its ranges grow batch by batch, by group id once it leaves dense mode", async () => {
    // Keys 0..9 first, then ranges that grow (negative keys, larger keys: rows outside the index are
    // deferred and re-index it), then one huge key that sends the table to hash mode.
    const keys: number[] = [];
    for (let i = 0; i < 3000; i++) keys.push(i < 1000 ? i % 10 : i < 2000 ? (i % 37) - 18 : i < 2990 ? (i % 211) + 100 : 5_000_000 + (i % 3));
    const xs = keys.map((_k, i) => (i % 13 === 0 ? null : (i % 17) * 0.25));
    const labels = keys.map((_k, i) => `s${(i * 31) % 19}`);
    const table = inBatches(tableOf({ k: ints(keys), x: floats(xs), s: strings(labels) }), 250);
    const aggs: NamedAggregate[] = [
      { name: "n", agg: Expr.aggregate("count", null) },
      { name: "sum", agg: Expr.aggregate("sum", col("x")) },
      { name: "lo", agg: Expr.aggregate("min", col("s")) },
      { name: "kinds", agg: Expr.aggregate("count_distinct", col("s")) },
      { name: "first", agg: Expr.aggregate("first", col("x")) },
    ];
    const rows = await run(AggregateNode.create(GroupByNode.create(scanOf(table), ["k"]), aggs), table);
    const oracle = new Map<number, { n: number; sum: number | null; lo: string; kinds: Set<string>; first: number | null }>();
    keys.forEach((k, i) => {
      const e = oracle.get(k) ?? { n: 0, sum: null, lo: labels[i]!, kinds: new Set<string>(), first: null };
      e.n++;
      if (xs[i] !== null) {
        e.sum = (e.sum ?? 0) + xs[i]!;
        e.first ??= xs[i]!;
      }
      if (labels[i]! < e.lo) e.lo = labels[i]!;
      e.kinds.add(labels[i]!);
      oracle.set(k, e);
    });
    // First-seen order, whatever the records' placement.
    expect(rows.map((r) => r.k)).toEqual([...oracle.keys()]);
    for (const r of rows) {
      const e = oracle.get(r.k as number)!;
      near(r.sum, e.sum);
      expect({ n: r.n, lo: r.lo, kinds: r.kinds, first: r.first }).toEqual({ n: e.n, lo: e.lo, kinds: e.kinds.size, first: e.first });
    }
  });
});
