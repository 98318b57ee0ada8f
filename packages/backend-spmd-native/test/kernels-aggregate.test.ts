import { AggregateNode, Expr, GroupByNode, t, type AggregateName } from "@datajax/core-ir";
import { describe, expect, it } from "vitest";
import { AggregateFn, aggregateFnOf } from "../src/kernels/aggregate-fns.js";
import { HashAggregation } from "../src/kernels/hash-aggregation.js";
import type { NativeColumn } from "../src/kernels/native-column.js";
import { columnsOf, expectSameColumn, makeBatch, runLocally, type ColumnSpec } from "./kernels-fixtures.js";

const int = (r: () => number, lo: number, hi: number) => lo + Math.floor(r() * (hi - lo + 1));

const SPECS: ColumnSpec[] = [
  { name: "loc", type: t.int32, nullRate: 0.03, draw: (r) => (r() < 0.6 ? 132 : int(r, 1, 265)) }, // skewed, small range: dense path
  { name: "hour", type: t.int8, draw: (r) => int(r, 0, 23) },
  { name: "big", type: t.int64, nullRate: 0.05, draw: (r) => (r() < 0.5 ? 2 ** 50 : int(r, -(2 ** 45), 2 ** 45)) }, // wide range: hash path
  { name: "fk", type: t.float64, nullRate: 0.05, draw: (r) => [0, -0, 1.5, Number.NaN, -2, 1e300][int(r, 0, 5)]! },
  { name: "flag", type: t.bool, nullRate: 0.1, draw: (r) => r() < 0.3 },
  { name: "day", type: t.date32, draw: (r) => int(r, 19000, 19030) },
  { name: "fare", type: t.float64, nullRate: 0.1, draw: (r) => (r() < 0.05 ? [Number.NaN, -0, Infinity][int(r, 0, 2)]! : Math.round(r() * 10000) / 100) },
  { name: "tip", type: t.float32, nullRate: 0.2, draw: (r) => Math.fround(r() * 20) },
  { name: "n32", type: t.int32, nullRate: 0.1, draw: (r) => (r() < 0.05 ? 2147483647 : int(r, -1000, 1000)) },
  { name: "n64", type: t.int64, nullRate: 0.1, draw: (r) => int(r, -(2 ** 40), 2 ** 40) },
  { name: "u8", type: t.uint8, draw: (r) => int(r, 0, 255) },
  { name: "ts", type: t.timestamp("us", "UTC"), nullRate: 0.1, draw: (r) => int(r, 0, 2 ** 50) },
];

const AGGREGATES: { name: string; fn: AggregateName; arg: string | null }[] = [
  { name: "n", fn: "count", arg: null },
  { name: "n_tip", fn: "count", arg: "tip" },
  { name: "fare_sum", fn: "sum", arg: "fare" },
  { name: "n32_sum", fn: "sum", arg: "n32" },
  { name: "u8_sum", fn: "sum", arg: "u8" },
  { name: "tip_mean", fn: "mean", arg: "tip" },
  { name: "n64_mean", fn: "mean", arg: "n64" },
  { name: "n64_min", fn: "min", arg: "n64" },
  { name: "fare_max", fn: "max", arg: "fare" },
  { name: "fare_min", fn: "min", arg: "fare" },
  { name: "ts_max", fn: "max", arg: "ts" },
  { name: "tip_first", fn: "first", arg: "tip" },
  { name: "n32_last", fn: "last", arg: "n32" },
];

const ROWS = 12_000;

/** Rows [start, end) of a column (start a multiple of 8). */
function slice(c: NativeColumn, start: number, end: number): NativeColumn {
  const bool = c.type.id === "bool";
  return {
    type: c.type,
    length: end - start,
    values: bool ? c.values.subarray(start >> 3, (end + 7) >> 3) : c.values.subarray(start, end),
    validity: c.validity ? c.validity.subarray(start >> 3, (end + 7) >> 3) : null,
  };
}

describe("native hash aggregation", () => {
  const { columns, schema, table } = makeBatch(SPECS, ROWS, 7);
  const index = (name: string) => SPECS.findIndex((s) => s.name === name);

  async function compare(keys: readonly string[], batchBounds: readonly number[]): Promise<void> {
    const aggs = AGGREGATES.map((a) => ({ name: a.name, agg: Expr.aggregate(a.fn, a.arg === null ? null : Expr.column(a.arg)) }));
    const local = columnsOf(await runLocally(table, schema, (scan) => AggregateNode.create(keys.length > 0 ? GroupByNode.create(scan, keys) : scan, aggs)));
    const agg = new HashAggregation(
      keys.map((k) => SPECS[index(k)]!.type),
      AGGREGATES.map((a) => ({ fn: aggregateFnOf(a.fn, a.arg !== null)!, argType: a.arg === null ? null : SPECS[index(a.arg)]!.type })),
    );
    for (let b = 0; b + 1 < batchBounds.length; b++) {
      const [s, e] = [batchBounds[b]!, batchBounds[b + 1]!];
      agg.update(keys.map((k) => slice(columns[index(k)]!, s, e)), AGGREGATES.map((a) => (a.arg === null ? null : slice(columns[index(a.arg)]!, s, e))), e - s);
    }
    const out = agg.finish();
    expect(out.keys.length).toBe(keys.length);
    keys.forEach((k, c) => expectSameColumn(`key ${k}`, out.keys[c]!, local[c]!));
    AGGREGATES.forEach((a, k) => expectSameColumn(a.name, out.results[k]!, local[keys.length + k]!));
  }

  it("groups one small-range, skewed int key with null keys (dense path), in several batches", async () => {
    await compare(["loc"], [0, 4000, 4008, ROWS]);
  });

  it("groups two and three keys (dense product of ranges), bool and date keys", async () => {
    await compare(["loc", "hour"], [0, ROWS]);
    await compare(["flag", "day", "hour"], [0, 5000, ROWS]);
  });

  it("groups wide int64 keys and float keys with NaN and -0 (hash path)", async () => {
    await compare(["big"], [0, 3000, ROWS]);
    await compare(["fk", "loc"], [0, ROWS]);
  });

  it("switches from the dense path to hashing when a later batch widens the key range", async () => {
    const spec: ColumnSpec[] = [
      { name: "k", type: t.int64, draw: (r, i) => (i < 5000 ? int(r, 0, 50) : int(r, -(2 ** 40), 2 ** 40)) },
      { name: "v", type: t.float64, draw: (r) => r() },
    ];
    const b = makeBatch(spec, 10_000, 3);
    const local = columnsOf(await runLocally(b.table, b.schema, (scan) => AggregateNode.create(GroupByNode.create(scan, ["k"]), [{ name: "s", agg: Expr.aggregate("sum", Expr.column("v")) }])));
    const agg = new HashAggregation([t.int64], [{ fn: AggregateFn.Sum, argType: t.float64 }]);
    agg.update([slice(b.columns[0]!, 0, 5000)], [slice(b.columns[1]!, 0, 5000)], 5000);
    agg.update([slice(b.columns[0]!, 5000, 10_000)], [slice(b.columns[1]!, 5000, 10_000)], 5000);
    const out = agg.finish();
    expect(out.keys[0]!.length).toBeGreaterThan(5000);
    expectSameColumn("k", out.keys[0]!, local[0]!);
    expectSameColumn("s", out.results[0]!, local[1]!);
  });

  it("a global aggregate has one group, also over no rows", async () => {
    await compare([], [0, ROWS]);
    const agg = new HashAggregation([], [{ fn: AggregateFn.CountAll, argType: null }, { fn: AggregateFn.Sum, argType: t.float64 }]);
    agg.update([], [null, { type: t.float64, length: 0, values: new Float64Array(0), validity: null }], 0);
    const out = agg.finish();
    expect(out.results[0]!.values[0]).toBe(0n);
    expect(out.results[1]!.validity![0]! & 1).toBe(0); // sum of nothing is null
  });

  it("partial aggregation per rank then a final merge equals one aggregation (mean = sum / count)", async () => {
    const local = columnsOf(await runLocally(table, schema, (scan) => AggregateNode.create(GroupByNode.create(scan, ["loc"]), [{ name: "m", agg: Expr.aggregate("mean", Expr.column("fare")) }])));
    const partials = [[0, 6000], [6000, ROWS]].map(([s, e]) => {
      const p = new HashAggregation([t.int32], [{ fn: AggregateFn.Sum, argType: t.float64 }, { fn: AggregateFn.Count, argType: t.float64 }]);
      p.update([slice(columns[index("loc")]!, s!, e!)], [slice(columns[index("fare")]!, s!, e!), slice(columns[index("fare")]!, s!, e!)], e! - s!);
      return p.finish();
    });
    const final = new HashAggregation([t.int32], [{ fn: AggregateFn.Sum, argType: t.float64 }, { fn: AggregateFn.Sum, argType: t.int64 }]);
    for (const p of partials) final.update(p.keys, p.results, p.keys[0]!.length);
    const merged = final.finish();
    const g = merged.keys[0]!.length;
    expect(g).toBe(local[0]!.length);
    for (let i = 0; i < g; i++) {
      const sumValid = merged.results[0]!.validity === null || ((merged.results[0]!.validity![i >> 3]! >> (i & 7)) & 1) === 1;
      const mean = sumValid ? (merged.results[0]!.values[i] as number) / Number(merged.results[1]!.values[i]) : null;
      const expected = local[1]!.validity && !((local[1]!.validity[i >> 3]! >> (i & 7)) & 1) ? null : (local[1]!.values[i] as number);
      if (mean === null || expected === null) expect(mean).toBe(expected);
      else if (Number.isNaN(expected)) expect(mean).toBeNaN();
      else expect(mean).toBeCloseTo(expected, 9);
    }
  });
});
