import { AggregateNode, Expr, field, FilterNode, MapNode, schema as makeSchema, t, type CallOptions, type Expr as ExprT, type OpName } from "@datajax/core-ir";
import { describe, expect, it } from "vitest";
import { AggregateFn } from "../src/kernels/aggregate-fns.js";
import { evaluateFilter, evaluateMap, filterAggregate, filterColumns } from "../src/kernels/expr-kernels.js";
import { compileExprProgram } from "../src/kernels/expr-program.js";
import { UnsupportedExpressionError } from "../src/kernels/unsupported-expression-error.js";
import { columnsOf, expectSameColumn, makeBatch, runLocally, sameValue, type ColumnSpec } from "./kernels-fixtures.js";

const pick = <T>(r: () => number, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
const int = (r: () => number, lo: number, hi: number) => lo + Math.floor(r() * (hi - lo + 1));

/** Every numeric and temporal type, with nulls, NaN, ±0, ±Infinity and the integer extremes. */
const SPECS: ColumnSpec[] = [
  { name: "i8", type: t.int8, nullRate: 0.1, draw: (r) => (r() < 0.1 ? pick(r, [-128, 127, 0, -1]) : int(r, -128, 127)) },
  { name: "i16", type: t.int16, draw: (r) => int(r, -32768, 32767) },
  { name: "i32", type: t.int32, nullRate: 0.1, draw: (r) => (r() < 0.15 ? pick(r, [-2147483648, 2147483647, 0, -1, 1]) : int(r, -1000, 1000)) },
  { name: "j32", type: t.int32, nullRate: 0.05, draw: (r) => (r() < 0.2 ? 0 : int(r, -50, 50)) },
  { name: "i64", type: t.int64, nullRate: 0.1, draw: (r) => (r() < 0.05 ? pick(r, [2 ** 62, -(2 ** 62), 0]) : int(r, -(2 ** 40), 2 ** 40)) },
  { name: "u8", type: t.uint8, draw: (r) => int(r, 0, 255) },
  { name: "u32", type: t.uint32, nullRate: 0.05, draw: (r) => (r() < 0.1 ? pick(r, [0, 4294967295]) : int(r, 0, 100000)) },
  { name: "f32", type: t.float32, nullRate: 0.1, draw: (r) => Math.fround((r() - 0.5) * 1000) },
  { name: "f64", type: t.float64, nullRate: 0.1, draw: (r) => (r() < 0.1 ? pick(r, [Number.NaN, -0, 0, Infinity, -Infinity, 1e300]) : (r() - 0.3) * 200) },
  { name: "g64", type: t.float64, nullRate: 0.05, draw: (r) => (r() < 0.1 ? pick(r, [0, -0, Number.NaN]) : (r() - 0.5) * 10) },
  { name: "b", type: t.bool, nullRate: 0.2, draw: (r) => r() < 0.5 },
  { name: "c", type: t.bool, nullRate: 0.2, draw: (r) => r() < 0.5 },
  { name: "d", type: t.date32, nullRate: 0.05, draw: (r) => int(r, -200000, 200000) },
  { name: "ts", type: t.timestamp("us", "UTC"), nullRate: 0.05, draw: (r) => int(r, -(2 ** 50), 2 ** 50) },
  { name: "tms", type: t.timestamp("ms", "UTC"), draw: (r) => int(r, -(2 ** 41), 2 ** 41) },
];

const col = Expr.column;
const call = (op: OpName, args: readonly ExprT[], options?: CallOptions) => Expr.call(op, args, options);
const lit = Expr.literal;

/** Expressions covering every operator the kernels take, with mixed types so promotion casts appear. */
const EXPRESSIONS: Record<string, ExprT> = {
  add_i8: call("add", [col("i8"), col("i8")]),
  add_i32_wrap: call("add", [col("i32"), lit(2147483647, t.int32)]),
  sub_i16: call("sub", [col("i16"), lit(-32768, t.int16)]),
  mul_i32_wrap: call("mul", [col("i32"), col("i32")]),
  mul_u8: call("mul", [col("u8"), col("u8")]),
  add_mixed: call("add", [col("i32"), col("f64")]),
  add_i64: call("add", [col("i64"), col("i32")]),
  sub_u32_i32: call("sub", [col("u32"), col("i32")]),
  mul_f32: call("mul", [col("f32"), lit(3, t.float32)]),
  div_f64: call("div", [col("f64"), col("g64")]),
  div_int: call("div", [col("i32"), col("j32")]),
  floordiv_int: call("floordiv", [col("i32"), col("j32")]),
  mod_int: call("mod", [col("i32"), col("j32")]),
  floordiv_i8: call("floordiv", [col("i8"), lit(-1, t.int8)]),
  mod_i64: call("mod", [col("i64"), lit(7, t.int64)]),
  floordiv_f64: call("floordiv", [col("f64"), col("g64")]),
  mod_f64: call("mod", [col("f64"), col("g64")]),
  neg_i32: call("neg", [col("i32")]),
  neg_f64: call("neg", [col("f64")]),
  abs_i8: call("abs", [col("i8")]),
  abs_f64: call("abs", [col("f64")]),
  sqrt: call("sqrt", [col("g64")]),
  sqrt_int: call("sqrt", [col("u32")]),
  exp: call("exp", [col("g64")]),
  log: call("log", [col("f64")]),
  log10: call("log10", [col("f32")]),
  pow: call("pow", [col("g64"), lit(3, t.int32)]),
  floor: call("floor", [col("f64")]),
  ceil: call("ceil", [col("f32")]),
  floor_int: call("floor", [col("i32")]),
  round0: call("round", [col("f64")]),
  round2: call("round", [col("g64")], { decimals: 2 }),
  round_neg: call("round", [col("i32")], { decimals: -1 }),
  eq: call("eq", [col("i32"), col("j32")]),
  neq_mixed: call("neq", [col("i8"), col("f32")]),
  lt_nan: call("lt", [col("f64"), col("g64")]),
  lte_u_i: call("lte", [col("u32"), col("i32")]),
  gt_lit: call("gt", [col("f64"), lit(1, t.float64)]),
  gte_i64: call("gte", [col("i64"), lit(0, t.int64)]),
  eq_bool: call("eq", [col("b"), col("c")]),
  lt_ts_units: call("lt", [col("ts"), col("tms")]),
  gte_date: call("gte", [col("d"), lit(0, t.date32)]),
  and: call("and", [col("b"), col("c")]),
  or: call("or", [col("b"), col("c")]),
  not: call("not", [col("b")]),
  and_cmp: call("and", [call("gt", [col("f64"), lit(0, t.float64)]), call("lt", [col("i32"), lit(10, t.int32)])]),
  and_null_lit: call("and", [col("b"), lit(null, t.bool)]),
  or_null_lit: call("or", [col("c"), lit(null, t.null)]),
  is_null: call("is_null", [col("f64")]),
  is_not_null: call("is_not_null", [col("b")]),
  fill_null: call("fill_null", [col("i32"), lit(-7, t.int32)]),
  fill_null_mixed: call("fill_null", [col("f32"), col("g64")]),
  coalesce: call("coalesce", [col("f64"), col("g64"), lit(0, t.float64)]),
  if_else: call("if_else", [col("b"), col("f64"), col("i32")]),
  if_else_null_branch: call("if_else", [call("gt", [col("i8"), lit(0, t.int8)]), col("i64"), lit(null, t.int64)]),
  cast_f64_i32: call("cast", [col("f64")], { to: t.int32 }),
  cast_i32_i8: call("cast", [col("i32")], { to: t.int8 }),
  cast_i32_u16: call("cast", [col("i32")], { to: t.uint16 }),
  cast_i64_f32: call("cast", [col("i64")], { to: t.float32 }),
  cast_u32_i32: call("cast", [col("u32")], { to: t.int32 }),
  cast_f64_bool: call("cast", [col("g64")], { to: t.bool }),
  cast_bool_i32: call("cast", [col("b")], { to: t.int32 }),
  cast_ts_ms: call("cast", [col("ts")], { to: t.timestamp("ms", "UTC") }),
  cast_ms_ns: call("cast", [col("tms")], { to: t.timestamp("ns") }),
  cast_date_ts: call("cast", [col("d")], { to: t.timestamp("us") }),
  cast_ts_date: call("cast", [col("ts")], { to: t.date32 }),
  cast_ts_i64: call("cast", [col("ts")], { to: t.int64 }),
  cast_i32_date: call("cast", [col("i32")], { to: t.date32 }),
  year_date: call("year", [col("d")]),
  month_date: call("month", [col("d")]),
  day_date: call("day", [col("d")]),
  weekday_date: call("weekday", [col("d")]),
  doy_date: call("day_of_year", [col("d")]),
  year_ts: call("year", [col("ts")]),
  month_ts: call("month", [col("tms")]),
  day_ts: call("day", [col("ts")]),
  weekday_ts: call("weekday", [col("ts")]),
  doy_ts: call("day_of_year", [col("tms")]),
  hour: call("hour", [col("ts")]),
  minute: call("minute", [col("tms")]),
  second: call("second", [col("ts")]),
  nested: call("div", [call("add", [col("f64"), call("mul", [col("i32"), lit(2, t.int32)])]), call("fill_null", [col("g64"), lit(1, t.float64)])]),
};

const ROWS = 5003; // not a multiple of the kernels' chunk (2048) nor of 8

describe("native expression kernels", () => {
  const { columns, schema, table } = makeBatch(SPECS, ROWS, 11);
  const names = Object.keys(EXPRESSIONS);

  it("Map: every operator gives the local backend's values and nulls", async () => {
    const assignments = names.map((name) => ({ name: `out_${name}`, expr: EXPRESSIONS[name]! }));
    const local = columnsOf(await runLocally(table, schema, (scan) => MapNode.create(scan, assignments)));
    const program = compileExprProgram(names.map((n) => EXPRESSIONS[n]!), schema);
    const native = evaluateMap(program, columns, ROWS);
    names.forEach((name, k) => expectSameColumn(name, native[k]!, local[SPECS.length + k]!));
    // Shared sub-expressions are computed once: fewer registers than instructions.
    expect(program.registers).toBeLessThan(program.code.length / 8);
  });

  it("Filter: the selection and the filtered copy match the local backend, nulls dropping rows", async () => {
    const predicate = call("and", [call("gt", [col("f64"), lit(-10, t.float64)]), call("or", [col("b"), call("lt", [col("i32"), lit(0, t.int32)])])]);
    const local = columnsOf(await runLocally(table, schema, (scan) => FilterNode.create(scan, predicate)));
    const selection = evaluateFilter(compileExprProgram([predicate], schema), columns, ROWS);
    expect(selection.length).toBe(local[0]!.length);
    expect(selection.length).toBeGreaterThan(100);
    const copied = filterColumns(columns, selection);
    SPECS.forEach((s, k) => expectSameColumn(s.name, copied[k]!, local[k]!));
  });

  it("fused filter + sum/count/mean/min/max equals Filter then Aggregate on the local backend", async () => {
    const predicate = call("gt", [col("g64"), lit(0, t.float64)]);
    const derived = call("div", [col("f64"), col("g64")]);
    const plan = (scan: Parameters<typeof FilterNode.create>[0]) =>
      AggregateNode.create(FilterNode.create(scan, predicate), [
        { name: "n", agg: Expr.aggregate("count", null) },
        { name: "n_i32", agg: Expr.aggregate("count", col("i32")) },
        { name: "sum_ratio", agg: Expr.aggregate("sum", derived) },
        { name: "sum_i32", agg: Expr.aggregate("sum", col("i32")) },
        { name: "mean_f32", agg: Expr.aggregate("mean", col("f32")) },
        { name: "min_i64", agg: Expr.aggregate("min", col("i64")) },
        { name: "max_f64", agg: Expr.aggregate("max", col("f64")) },
        { name: "max_d", agg: Expr.aggregate("max", col("d")) },
      ]);
    const local = columnsOf(await runLocally(table, schema, plan));
    const program = compileExprProgram([predicate, derived, col("i32"), col("f32"), col("i64"), col("f64"), col("d")], schema);
    const results = filterAggregate(program, 0, [
      { fn: AggregateFn.CountAll, output: -1 },
      { fn: AggregateFn.Count, output: 2 },
      { fn: AggregateFn.Sum, output: 1 },
      { fn: AggregateFn.Sum, output: 2 },
      { fn: AggregateFn.Mean, output: 3 },
      { fn: AggregateFn.Min, output: 4 },
      { fn: AggregateFn.Max, output: 5 },
      { fn: AggregateFn.Max, output: 6 },
    ], columns, ROWS);
    results.forEach((res, k) => {
      const v = res.value === null ? null : Number(res.value);
      const expected = local[k]!.validity && !((local[k]!.validity![0]! & 1) === 1) ? null : Number(local[k]!.values[0]!);
      expect(sameValue(v, expected), `aggregate ${k}: ${v} vs local ${expected}`).toBe(true);
    });
  });

  it("follows DESIGN's semantics on hand-checked values", () => {
    const s = makeSchema([field("a", t.int32), field("z", t.int32), field("x", t.float64), field("p", t.bool), field("ts", t.timestamp("us"))]);
    const cols = [
      { type: t.int32, length: 4, values: Int32Array.of(-7, 7, 2147483647, -2147483648), validity: null },
      { type: t.int32, length: 4, values: Int32Array.of(3, 0, 1, -1), validity: null },
      { type: t.float64, length: 4, values: Float64Array.of(-0, 2.5, Number.NaN, -2.5), validity: Uint8Array.of(0b1011) },
      { type: t.bool, length: 4, values: Uint8Array.of(0b0001), validity: Uint8Array.of(0b0011) },
      // 2024-02-29 13:45:30 UTC, 1969-12-31 23:59:59, 1970-01-01, 2000-03-01 00:00:01
      { type: t.timestamp("us"), length: 4, values: BigInt64Array.of(1709214330000000n, -1000000n, 0n, 951868801000000n), validity: null },
    ];
    const program = compileExprProgram([
      call("mod", [col("a"), col("z")]),
      call("floordiv", [col("a"), col("z")]),
      call("add", [col("a"), lit(1, t.int32)]),
      call("round", [col("x")]),
      call("and", [col("p"), lit(false, t.bool)]),
      call("or", [col("p"), lit(true, t.bool)]),
      call("hour", [col("ts")]),
      call("day_of_year", [col("ts")]),
      call("weekday", [col("ts")]),
      call("cast", [col("x")], { to: t.int8 }),
    ], s);
    const out = evaluateMap(program, cols, 4);
    const rows = (k: number) => [0, 1, 2, 3].map((i) => {
      const v = out[k]!;
      if (v.validity && !((v.validity[i >> 3]! >> (i & 7)) & 1)) return null;
      return v.type.id === "bool" ? ((v.values[0] as number) >> i) & 1 : Number(v.values[i]);
    });
    expect(rows(0)).toEqual([2, null, 0, 0]); // mod takes the divisor's sign; by zero is null
    expect(rows(1)).toEqual([-3, null, 2147483647, -2147483648]); // floor division; MIN // -1 wraps
    expect(rows(2)).toEqual([-6, 8, -2147483648, -2147483647]); // int32 wraps
    expect(rows(3)).toEqual([0, 3, null, -3]); // half away from zero (-0 rounds to 0, as the local backend)
    expect(rows(4)).toEqual([0, 0, 0, 0]); // false and anything is false, even null
    expect(rows(5)).toEqual([1, 1, 1, 1]); // true or anything is true, even null
    expect(rows(6)).toEqual([13, 23, 0, 0]);
    expect(rows(7)).toEqual([60, 365, 1, 61]);
    expect(rows(8)).toEqual([4, 3, 4, 3]);
    expect(rows(9)).toEqual([0, 2, null, -2]);
  });

  it("adds a float sum in 16 lanes (row i in lane i % 16), then the lanes pairwise: the same answer on every ISA", () => {
    // Values whose sum depends on the order: lane 0 holds the 1e16s, the other lanes the small
    // values, which a single running total would round away (1e16's ulp is 2).
    const rows = 5000; // crosses chunk boundaries and ends in a partial chunk
    const x = Float64Array.from({ length: rows }, (_, i) => (i % 16 === 0 ? 1e16 : i % 3 === 0 ? 1 : 1.5));
    const s = makeSchema([field("x", t.float64)]);
    const program = compileExprProgram([call("gt", [col("x"), lit(1.2, t.float64)]), col("x")], s);
    const [sum] = filterAggregate(program, 0, [{ fn: AggregateFn.Sum, output: 1 }], [{ type: t.float64, length: rows, values: x, validity: null }], rows);
    const lanes = new Float64Array(16).fill(-0);
    for (let i = 0; i < rows; i++) lanes[i % 16]! += x[i]! > 1.2 ? x[i]! : -0;
    let level = Array.from(lanes);
    while (level.length > 1) level = level.flatMap((_, k) => (k % 2 === 0 ? [level[k]! + level[k + 1]!] : []));
    expect(sum!.value).toBe(level[0]);
    const sequential = x.reduce((a, v) => (v > 1.2 ? a + v : a), 0);
    expect(sequential).not.toBe(level[0]); // the data does tell the orders apart
  });

  it("handles empty input", () => {
    const program = compileExprProgram([call("gt", [col("f64"), lit(0, t.float64)]), call("add", [col("i32"), col("i8")])], schema);
    const empty = columns.map((c) => ({ ...c, length: 0 }));
    expect(evaluateMap(program, empty, 0).map((c) => c.length)).toEqual([0, 0]);
    expect(evaluateFilter(program, empty, 0).length).toBe(0);
    const [n, s] = filterAggregate(program, 0, [{ fn: AggregateFn.CountAll, output: -1 }, { fn: AggregateFn.Sum, output: 1 }], empty, 0);
    expect(n).toEqual({ value: 0, count: 0 });
    expect(s!.value).toBeNull();
  });

  it("reports string operators and columns as unsupported, listing each", () => {
    const withStrings = makeSchema([...schema.fields, field("zone", t.utf8())]);
    let error: unknown;
    try {
      compileExprProgram([call("eq", [call("lower", [col("zone")]), lit("jfk", t.utf8())]), call("gt", [col("f64"), lit(0, t.float64)])], withStrings);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(UnsupportedExpressionError);
    const e = error as UnsupportedExpressionError;
    expect(e.code).toBe("DJX_NATIVE_UNSUPPORTED_EXPRESSION");
    expect(e.unsupported).toEqual(["lower", "utf8 column zone", "utf8 literal"]);
    expect(e.message).toContain("lower, utf8 column zone, utf8 literal");
  });
});
