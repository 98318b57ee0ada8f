import { describe, it, expect } from "vitest";
import type * as arrow from "apache-arrow";
import { Expr, MapNode, ProjectNode, t, type CallOptions, type OpName } from "@datajax/core-ir";
import { bools, dates, dictStrings, floats, ints, strings, tableOf, timestamps, bigints } from "./arrow-vectors.js";
import { col, column, lit, scanOf } from "./plan-fixtures.js";

const DAY_US = 86_400_000_000n;
// 2024-02-29T13:45:30.5Z (a Thursday, day 60 of a leap year) and 1969-12-31T23:59:59Z (a Wednesday).
const TS1 = (19_782n * DAY_US) + 13n * 3_600_000_000n + 45n * 60_000_000n + 30_500_000n;
const TS2 = -1_000_000n;

/** Every column an operator case may read; one row per case value, with nulls. */
function table(): arrow.Table {
  return tableOf({
    a: ints([7, -7, 7, 7, null]),
    b: ints([2, 2, -2, 0, 1]),
    x: floats([1.5, -2.5, 2.5, null, 0]),
    y: floats([2, 0.5, 0, 1, 1]),
    p: bools([true, false, null, true, null]),
    q: bools([null, null, null, false, true]),
    s: strings([" Héllo ", "abc", null, "x😀y", ""]),
    u: dictStrings(["ab", "Abc", "ab", null, "zz"]),
    n: strings(["12", "x", " 7 ", null, "1e3"]),
    d: dates([19_782, 0, -1, null, 59]),
    ts: timestamps([TS1, TS2, 0n, null, DAY_US * 365n]),
    w: bigints([5, null, -3, 9_007_199_254_740_000, 0]),
  });
}

type Case = { expr: Expr; expect: unknown[]; close?: boolean };
const c = (op: OpName, args: Expr[], expected: unknown[], options?: CallOptions): Case => ({ expr: Expr.call(op, args, options), expect: expected });

/** One or more cases per operator of the registry; a new operator fails to compile until it has one. */
const cases: Record<OpName, Case[]> = {
  add: [c("add", [col("a"), col("x")], [8.5, -9.5, 9.5, null, null]), c("add", [col("a"), col("b")], [9, -5, 5, 7, null]), c("add", [col("w"), lit(1, t.int64)], [6, null, -2, 9_007_199_254_740_001, 1])],
  sub: [c("sub", [col("a"), col("b")], [5, -9, 9, 7, null])],
  mul: [c("mul", [col("a"), col("y")], [14, -3.5, 0, 7, null]), c("mul", [col("a"), col("b")], [14, -14, -14, 0, null])],
  div: [c("div", [col("x"), col("y")], [0.75, -5, Infinity, null, 0]), c("div", [col("a"), col("b")], [3.5, -3.5, -3.5, Infinity, null])],
  floordiv: [c("floordiv", [col("a"), col("b")], [3, -4, -4, null, null]), c("floordiv", [col("x"), col("y")], [0, -5, Infinity, null, 0])],
  mod: [c("mod", [col("a"), col("b")], [1, 1, -1, null, null]), c("mod", [col("x"), lit(-2, t.float64)], [-0.5, -0.5, -1.5, null, 0])],
  neg: [c("neg", [col("a")], [-7, 7, -7, -7, null])],
  eq: [c("eq", [col("a"), lit(7, t.int32)], [true, false, true, true, null]), c("eq", [col("u"), lit("ab", t.utf8())], [true, false, true, null, false])],
  neq: [c("neq", [col("a"), col("b")], [true, true, true, true, null])],
  lt: [c("lt", [col("x"), col("y")], [true, true, false, null, true]), c("lt", [col("s"), lit("b", t.utf8())], [true, true, null, false, true])],
  lte: [c("lte", [col("b"), lit(1, t.int32)], [false, false, true, true, true])],
  gt: [c("gt", [col("d"), lit(0, t.date32)], [true, false, false, null, true])],
  gte: [c("gte", [col("ts"), lit(0, t.timestamp("us"))], [true, false, true, null, true])],
  and: [c("and", [col("p"), col("q")], [null, false, null, false, null])],
  or: [c("or", [col("p"), col("q")], [true, null, null, true, true])],
  not: [c("not", [col("p")], [false, true, null, false, null])],
  is_null: [c("is_null", [col("p")], [false, false, true, false, true])],
  is_not_null: [c("is_not_null", [col("s")], [true, true, false, true, true])],
  fill_null: [c("fill_null", [col("a"), lit(0, t.int32)], [7, -7, 7, 7, 0]), c("fill_null", [col("x"), col("a")], [1.5, -2.5, 2.5, 7, 0])],
  coalesce: [c("coalesce", [col("p"), col("q"), lit(false, t.bool)], [true, false, false, true, true])],
  cast: [
    c("cast", [col("n")], [12, null, 7, null, null], { to: t.int32 }),
    c("cast", [col("n")], [12, null, 7, null, 1000], { to: t.float64 }),
    c("cast", [col("x")], [1, -2, 2, null, 0], { to: t.int32 }),
    c("cast", [col("a")], ["7", "-7", "7", "7", null], { to: t.utf8() }),
    c("cast", [col("p")], [1, 0, null, 1, null], { to: t.int8 }),
    c("cast", [col("d")], ["2024-02-29", "1970-01-01", "1969-12-31", null, "1970-03-01"], { to: t.utf8() }),
    // Arrow JS reads date32 back as epoch milliseconds.
    c("cast", [col("ts")], [19_782, -1, 0, null, 365].map((d) => (d === null ? null : d * 86_400_000)), { to: t.date32 }),
    c("cast", [col("u")], ["ab", "Abc", "ab", null, "zz"], { to: t.utf8() }),
  ],
  abs: [c("abs", [col("x")], [1.5, 2.5, 2.5, null, 0])],
  sqrt: [c("sqrt", [col("y")], [Math.SQRT2, Math.sqrt(0.5), 0, 1, 1])],
  exp: [c("exp", [col("y")], [Math.exp(2), Math.exp(0.5), 1, Math.E, Math.E])],
  log: [c("log", [col("y")], [Math.log(2), Math.log(0.5), -Infinity, 0, 0])],
  log10: [c("log10", [col("b")], [Math.log10(2), Math.log10(2), NaN, -Infinity, 0])],
  pow: [c("pow", [col("b"), lit(2, t.int32)], [4, 4, 4, 0, 1])],
  floor: [c("floor", [col("x")], [1, -3, 2, null, 0])],
  ceil: [c("ceil", [col("x")], [2, -2, 3, null, 0])],
  round: [c("round", [col("x")], [2, -3, 3, null, 0]), c("round", [lit(1.2345, t.float64)], [1.23, 1.23, 1.23, 1.23, 1.23], { decimals: 2 })],
  lower: [c("lower", [col("s")], [" héllo ", "abc", null, "x😀y", ""])],
  upper: [c("upper", [col("u")], ["AB", "ABC", "AB", null, "ZZ"])],
  trim: [c("trim", [col("s")], ["Héllo", "abc", null, "x😀y", ""])],
  length: [c("length", [col("s")], [7, 3, null, 3, 0])],
  contains: [c("contains", [col("s"), lit("ll", t.utf8())], [true, false, null, false, false])],
  starts_with: [c("starts_with", [col("u"), lit("a", t.utf8())], [true, false, true, null, false])],
  ends_with: [c("ends_with", [col("s"), lit("y", t.utf8())], [false, false, null, true, false])],
  concat: [c("concat", [col("u"), lit("-", t.utf8()), col("s")], ["ab- Héllo ", "Abc-abc", null, null, "zz-"])],
  substring: [c("substring", [col("s"), lit(1, t.int32), lit(2, t.int32)], ["Hé", "bc", null, "😀y", ""])],
  year: [c("year", [col("ts")], [2024, 1969, 1970, null, 1971]), c("year", [col("d")], [2024, 1970, 1969, null, 1970])],
  month: [c("month", [col("ts")], [2, 12, 1, null, 1]), c("month", [col("d")], [2, 1, 12, null, 3])],
  day: [c("day", [col("ts")], [29, 31, 1, null, 1]), c("day", [col("d")], [29, 1, 31, null, 1])],
  weekday: [c("weekday", [col("ts")], [4, 3, 4, null, 5]), c("weekday", [col("d")], [4, 4, 3, null, 7])],
  day_of_year: [c("day_of_year", [col("ts")], [60, 365, 1, null, 1]), c("day_of_year", [col("d")], [60, 1, 365, null, 60])],
  hour: [c("hour", [col("ts")], [13, 23, 0, null, 0])],
  minute: [c("minute", [col("ts")], [45, 59, 0, null, 0])],
  second: [c("second", [col("ts")], [30, 59, 0, null, 0])],
  if_else: [c("if_else", [col("p"), col("a"), col("x")], [7, -2.5, 2.5, 7, 0])],
};

async function evaluate(e: Expr): Promise<unknown[]> {
  const tb = table();
  const plan = ProjectNode.select(MapNode.create(scanOf(tb), [{ name: "out", expr: e }]), ["out"]);
  return column(plan, "out", tb);
}

describe("every operator of the registry, with nulls", () => {
  for (const [op, list] of Object.entries(cases)) {
    list.forEach((k, i) => {
      it(`${op} #${i + 1}`, async () => {
        const got = await evaluate(k.expr);
        expect(got.length).toBe(k.expect.length);
        got.forEach((v, j) => {
          const want = k.expect[j];
          if (typeof want === "number" && Number.isNaN(want)) expect(v).toBeNaN();
          else if (typeof want === "number" && typeof v === "number" && !Number.isInteger(want)) expect(v).toBeCloseTo(want, 12);
          else expect(v).toEqual(want);
        });
      });
    });
  }
});
