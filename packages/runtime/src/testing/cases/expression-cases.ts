import type * as arrow from "apache-arrow";
import { FilterNode, MapNode, ProjectNode, t, type Expr } from "@datajax/core-ir";
import type { ConformanceCase, ConformanceRow } from "../conformance-case.js";
import { argumentScan, singleStage } from "../stage-graph-builder.js";
import { bools, dates, float64s, int32s, int64s, tableOf, timestamps, utf8s } from "./case-columns.js";
import { call, callWith, col, lit } from "./case-expressions.js";

// Scalar expressions in a Map: arithmetic and promotion, division by zero, comparisons,
// three-valued logic, null tests and fills, untyped null literals, casts, math, strings,
// conditionals, dates and times.

/** A one-stage graph computing `assignments` over argument 0 and returning only those columns. */
function computed(table: arrow.Table, assignments: Readonly<Record<string, Expr>>) {
  const map = MapNode.create(argumentScan(0, table), Object.entries(assignments).map(([name, expr]) => ({ name, expr })));
  return singleStage(ProjectNode.select(map, Object.keys(assignments)));
}

/** Rows from per-column expected values. */
const rowsOf = (columns: Readonly<Record<string, readonly unknown[]>>): ConformanceRow[] => {
  const names = Object.keys(columns);
  return columns[names[0]!]!.map((_v, i) => Object.fromEntries(names.map((n) => [n, columns[n]![i]])));
};

const nums = tableOf({
  a: int32s([7, -7, 0, null, 5]),
  b: int32s([2, 2, 0, 3, null]),
  x: float64s([1.5, -2, 0, null, 10]),
  big: int64s([10, 20, null, 40, 50]),
});

const truth = tableOf({
  p: bools([true, true, true, false, false, false, null, null, null]),
  q: bools([true, false, null, true, false, null, true, false, null]),
});

const reals = tableOf({ f: float64s([2.5, -2.5, 1.25, null, 0.1]) });
const f = [2.5, -2.5, 1.25, null, 0.1];
const overF = (fn: (v: number) => number) => f.map((v) => (v === null ? null : fn(v)));

const texts = ["  Hello ", "world", "", null, "héllo wörld"];
const words = tableOf({ s: utf8s(texts) });
const overS = (fn: (v: string) => unknown) => texts.map((v) => (v === null ? null : fn(v)));

const numericTexts = tableOf({ s: utf8s(["12", "-4", "abc", null, "3.5"]) });

// Text around numbers: ASCII and Unicode spaces (U+00A0, U+3000), signs, leading zeros, exponents,
// inf/nan spellings, and text that is not a number once trimmed.
const paddedTexts = [" 12 ", "\t-4\n", "+7", "007", " 3.5 ", " 1e3", "\u00a042\u3000", "1 2", "   ", "", " inf ", "-Infinity", "NaN", ".5", "5.", "0x10", "99999999999", null];
const paddedNumbers = tableOf({ s: utf8s(paddedTexts) });

const printedFloats = tableOf({ f: float64s([1, 0.1 + 0.2, -2.5, 1e21, 1e-7, 123456.789, NaN, Infinity, -Infinity, -0, null]) });

// Dates and timestamps, as days and microseconds since the epoch; parts from JS's own UTC calendar.
const DAY_MS = 86_400_000;
const civil = [Date.UTC(2024, 1, 29), Date.UTC(1970, 0, 1), Date.UTC(1969, 11, 31), Date.UTC(2000, 11, 31)];
const days: (number | null)[] = [...civil.map((ms) => ms / DAY_MS), null];
const instantsUs: (number | null)[] = [Date.UTC(2024, 1, 29, 13, 45, 30) * 1000 + 250, Date.UTC(1970, 0, 1) * 1000, Date.UTC(1969, 11, 31, 23, 59, 59) * 1000 + 500_000, Date.UTC(2023, 11, 31, 23, 0, 1) * 1000, null];
const calendar = tableOf({ d: dates(days), ts: timestamps(instantsUs) });
const partOfDays = (fn: (d: Date) => number) => days.map((v) => (v === null ? null : fn(new Date(v * DAY_MS))));
const partOfUs = (fn: (d: Date) => number) => instantsUs.map((v) => (v === null ? null : fn(new Date(Math.floor(v / 1000)))));
const isoWeekday = (d: Date) => d.getUTCDay() || 7;
const dayOfYear = (d: Date) => Math.round((Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()) - Date.UTC(d.getUTCFullYear(), 0, 1)) / DAY_MS) + 1;

const i32 = (v: number) => lit(v, t.int32);
const f64 = (v: number) => lit(v, t.float64);
const str = (v: string) => lit(v, t.utf8());

export const expressionCases: readonly ConformanceCase[] = [
  {
    id: "arithmetic/integer-ops-propagate-null",
    description: "int32 add, sub, mul, neg; any null operand gives null",
    inputs: [nums],
    graph: computed(nums, { sum: call("add", col("a"), col("b")), diff: call("sub", col("a"), col("b")), prod: call("mul", col("a"), col("b")), neg: call("neg", col("a")) }),
    expected: rowsOf({ sum: [9, -5, 0, null, null], diff: [5, -9, 0, null, null], prod: [14, -14, 0, null, null], neg: [-7, 7, 0, null, -5] }),
    ordered: false,
    features: ["arithmetic", "nulls"],
  },
  {
    id: "arithmetic/type-promotion",
    description: "int32 + float64 is float64; int64 + int32 is int64",
    inputs: [nums],
    graph: computed(nums, { ax: call("add", col("a"), col("x")), wide: call("add", col("big"), col("a")) }),
    expected: rowsOf({ ax: [8.5, -9, 0, null, 15], wide: [17, 13, null, null, 55] }),
    ordered: false,
    features: ["arithmetic", "promotion"],
  },
  {
    id: "arithmetic/integer-division-by-zero-is-null",
    description: "floordiv and mod of integers: floor semantics, the sign of the divisor, null when dividing by zero",
    inputs: [nums],
    graph: computed(nums, { q: call("floordiv", col("a"), col("b")), r: call("mod", col("a"), col("b")), rn: call("mod", col("a"), i32(-2)) }),
    expected: rowsOf({ q: [3, -4, null, null, null], r: [1, 1, null, null, null], rn: [-1, -1, 0, null, -1] }),
    ordered: false,
    features: ["arithmetic", "division", "nulls"],
  },
  {
    id: "arithmetic/float-division-ieee",
    description: "true division gives a float; float division by zero follows IEEE (inf, -inf, NaN)",
    inputs: [nums],
    graph: computed(nums, { byZero: call("div", col("x"), f64(0)), half: call("div", col("x"), i32(2)), ratio: call("div", col("a"), col("x")) }),
    expected: rowsOf({ byZero: [Infinity, -Infinity, NaN, null, Infinity], half: [0.75, -1, 0, null, 5], ratio: [7 / 1.5, 3.5, NaN, null, 0.5] }),
    ordered: false,
    features: ["arithmetic", "division", "floats"],
  },
  {
    id: "arithmetic/true-division-of-integers",
    description:
      "div of two int32 columns is true division: core-ir types it float64, so 7 / 2 is 3.5 and dividing by an integer zero follows IEEE (inf, -inf, NaN) as float division does; the integer division that is null on zero is floordiv/mod (arithmetic/integer-division-by-zero-is-null)",
    inputs: [nums],
    graph: computed(nums, { ratio: call("div", col("a"), col("b")), byZero: call("div", col("a"), i32(0)), wide: call("div", col("big"), col("a")) }),
    expected: rowsOf({ ratio: [3.5, -3.5, NaN, null, null], byZero: [Infinity, -Infinity, NaN, null, Infinity], wide: [10 / 7, 20 / -7, null, null, 10] }),
    ordered: false,
    features: ["arithmetic", "division", "floats", "nulls"],
  },
  {
    id: "comparison/all-operators-with-nulls",
    description: "==, !=, <, <=, >, >= between int columns; null on either side gives null",
    inputs: [nums],
    graph: computed(nums, {
      eq: call("eq", col("a"), col("b")), neq: call("neq", col("a"), col("b")), lt: call("lt", col("a"), col("b")),
      lte: call("lte", col("a"), col("b")), gt: call("gt", col("a"), col("b")), gte: call("gte", col("a"), col("b")),
    }),
    expected: rowsOf({
      eq: [false, false, true, null, null], neq: [true, true, false, null, null], lt: [false, true, false, null, null],
      lte: [false, true, true, null, null], gt: [true, false, false, null, null], gte: [true, false, true, null, null],
    }),
    ordered: false,
    features: ["comparison", "nulls"],
  },
  {
    id: "boolean/three-valued-logic",
    description: "AND, OR and NOT over every combination of true, false and null (Kleene logic)",
    inputs: [truth],
    graph: computed(truth, { p: col("p"), q: col("q"), and: call("and", col("p"), col("q")), or: call("or", col("p"), col("q")), notP: call("not", col("p")) }),
    expected: rowsOf({
      p: [true, true, true, false, false, false, null, null, null],
      q: [true, false, null, true, false, null, true, false, null],
      and: [true, false, null, false, false, false, null, false, null],
      or: [true, true, true, true, false, null, true, null, null],
      notP: [false, false, false, true, true, true, null, null, null],
    }),
    ordered: false,
    features: ["boolean", "nulls"],
  },
  {
    id: "nulls/tests-fill-coalesce",
    description: "is_null and is_not_null are never null; fill_null and coalesce take the first non-null value",
    inputs: [nums],
    graph: computed(nums, { isNull: call("is_null", col("a")), notNull: call("is_not_null", col("a")), filled: call("fill_null", col("a"), i32(0)), first: call("coalesce", col("b"), col("a"), i32(-1)) }),
    expected: rowsOf({ isNull: [false, false, false, true, false], notNull: [true, true, true, false, true], filled: [7, -7, 0, 0, 5], first: [2, 2, 0, 3, 5] }),
    ordered: false,
    features: ["nulls"],
  },
  {
    id: "cast/numeric-bool-string",
    description: "float → int truncates toward zero; int → float, utf8 and bool (non-zero is true); null stays null",
    inputs: [nums],
    graph: computed(nums, {
      toInt: callWith("cast", { to: t.int32 }, col("x")), toFloat: callWith("cast", { to: t.float64 }, col("a")),
      toText: callWith("cast", { to: t.utf8() }, col("a")), toBool: callWith("cast", { to: t.bool }, col("a")),
    }),
    expected: rowsOf({ toInt: [1, -2, 0, null, 10], toFloat: [7, -7, 0, null, 5], toText: ["7", "-7", "0", null, "5"], toBool: [true, true, false, null, true] }),
    ordered: false,
    features: ["cast"],
  },
  {
    id: "cast/parse-strings",
    description: "casting text to numbers: text that does not parse becomes null",
    inputs: [numericTexts],
    graph: computed(numericTexts, { asInt: callWith("cast", { to: t.int32 }, col("s")), asFloat: callWith("cast", { to: t.float64 }, col("s")) }),
    expected: rowsOf({ asInt: [12, -4, null, null, null], asFloat: [12, -4, null, null, 3.5] }),
    ordered: false,
    features: ["cast", "strings", "nulls"],
  },
  {
    id: "cast/parse-strings-with-whitespace",
    description:
      "text → int32 and float64 ignores surrounding whitespace as JavaScript's trim sees it (tabs, newlines, U+00A0, U+3000), accepts a sign, leading zeros, '.5' and '5.', exponents and inf/nan spellings for floats only; anything else, and an int32 out of range, is null. DESIGN.md is silent on the grammar (core-ir's cast says only that text that does not parse becomes null); this is the reference (local) backend's",
    inputs: [paddedNumbers],
    graph: computed(paddedNumbers, { asInt: callWith("cast", { to: t.int32 }, col("s")), asFloat: callWith("cast", { to: t.float64 }, col("s")) }),
    expected: rowsOf({
      asInt: [12, -4, 7, 7, null, null, 42, null, null, null, null, null, null, null, null, null, null, null],
      asFloat: [12, -4, 7, 7, 3.5, 1000, 42, null, null, null, Infinity, -Infinity, NaN, 0.5, 5, null, 99999999999, null],
    }),
    ordered: false,
    features: ["cast", "strings", "nulls"],
  },
  {
    id: "cast/float-to-text",
    description:
      "float64 → utf8 prints the shortest text that reads back as the same double, as JavaScript's String(number) does (1, 0.30000000000000004, 1e+21, 1e-7, NaN, Infinity; -0 prints as 0). DESIGN.md does not define float text; this is the reference (local) backend's behaviour",
    inputs: [printedFloats],
    graph: computed(printedFloats, { text: callWith("cast", { to: t.utf8() }, col("f")) }),
    expected: rowsOf({ text: ["1", "0.30000000000000004", "-2.5", "1e+21", "1e-7", "123456.789", "NaN", "Infinity", "-Infinity", "0", null] }),
    ordered: false,
    features: ["cast", "floats", "strings"],
  },
  {
    id: "nulls/untyped-null-literal-in-expressions",
    description: "an untyped null literal (type null) takes the other operand's type: arithmetic with it is null, is_null of it is true, coalesce skips it",
    inputs: [nums],
    graph: computed(nums, { plusNull: call("add", col("a"), lit(null, t.null)), nullIsNull: call("is_null", lit(null, t.null)), skipped: call("coalesce", lit(null, t.null), col("a")) }),
    expected: rowsOf({ plusNull: [null, null, null, null, null], nullIsNull: [true, true, true, true, true], skipped: [7, -7, 0, null, 5] }),
    ordered: false,
    features: ["nulls"],
  },
  {
    id: "nulls/null-typed-column",
    description: "a column computed from an untyped null literal has type null and every value null, next to the other columns",
    inputs: [nums],
    graph: computed(nums, { a: col("a"), nothing: lit(null, t.null) }),
    expected: rowsOf({ a: [7, -7, 0, null, 5], nothing: [null, null, null, null, null] }),
    ordered: false,
    features: ["nulls"],
  },
  {
    id: "math/rounding-and-functions",
    description: "round (half away from zero, with decimals), floor, ceil, abs, pow, sqrt",
    inputs: [reals],
    graph: computed(reals, {
      round: call("round", col("f")), round1: callWith("round", { decimals: 1 }, col("f")), floor: call("floor", col("f")), ceil: call("ceil", col("f")),
      abs: call("abs", col("f")), squared: call("pow", col("f"), i32(2)), root: call("sqrt", call("abs", col("f"))),
    }),
    expected: rowsOf({
      round: [3, -3, 1, null, 0], round1: [2.5, -2.5, 1.3, null, 0.1], floor: overF(Math.floor), ceil: overF(Math.ceil),
      abs: overF(Math.abs), squared: overF((v) => v * v), root: overF((v) => Math.sqrt(Math.abs(v))),
    }),
    ordered: false,
    features: ["math", "floats"],
  },
  {
    id: "string/functions",
    description: "lower, upper, trim, length (code points), contains, starts_with, ends_with, concat, substring",
    inputs: [words],
    graph: computed(words, {
      lower: call("lower", col("s")), upper: call("upper", col("s")), trim: call("trim", col("s")), length: call("length", col("s")),
      hasL: call("contains", col("s"), str("l")), startsWo: call("starts_with", col("s"), str("wo")), endsLd: call("ends_with", col("s"), str("ld")),
      shout: call("concat", col("s"), str("!")), middle: call("substring", col("s"), i32(1), i32(3)),
    }),
    expected: rowsOf({
      lower: overS((s) => s.toLowerCase()), upper: overS((s) => s.toUpperCase()), trim: overS((s) => s.trim()), length: overS((s) => [...s].length),
      hasL: overS((s) => s.includes("l")), startsWo: overS((s) => s.startsWith("wo")), endsLd: overS((s) => s.endsWith("ld")),
      shout: overS((s) => `${s}!`), middle: overS((s) => [...s].slice(1, 4).join("")),
    }),
    ordered: false,
    features: ["strings", "nulls"],
  },
  {
    id: "conditional/if-else-null-condition",
    description: "if_else takes the otherwise branch when the condition is null (SQL CASE)",
    inputs: [nums],
    graph: computed(nums, { size: call("if_else", call("gt", col("b"), i32(1)), str("big"), str("small")), picked: call("if_else", call("lt", col("a"), i32(0)), call("neg", col("a")), col("a")) }),
    expected: rowsOf({ size: ["big", "big", "small", "big", "small"], picked: [7, 7, 0, null, 5] }),
    ordered: false,
    features: ["conditional", "nulls"],
  },
  {
    id: "datetime/date-parts",
    description: "year, month, day, ISO weekday and day of year of date32 values, a leap day and dates before 1970 included",
    inputs: [calendar],
    graph: computed(calendar, { year: call("year", col("d")), month: call("month", col("d")), day: call("day", col("d")), weekday: call("weekday", col("d")), doy: call("day_of_year", col("d")) }),
    expected: rowsOf({
      year: partOfDays((d) => d.getUTCFullYear()), month: partOfDays((d) => d.getUTCMonth() + 1), day: partOfDays((d) => d.getUTCDate()),
      weekday: partOfDays(isoWeekday), doy: partOfDays(dayOfYear),
    }),
    ordered: false,
    features: ["datetime"],
  },
  {
    id: "datetime/timestamp-parts",
    description: "hour, minute, second and calendar parts of microsecond timestamps (UTC), one before 1970",
    inputs: [calendar],
    graph: computed(calendar, {
      year: call("year", col("ts")), month: call("month", col("ts")), day: call("day", col("ts")),
      hour: call("hour", col("ts")), minute: call("minute", col("ts")), second: call("second", col("ts")),
    }),
    expected: rowsOf({
      year: partOfUs((d) => d.getUTCFullYear()), month: partOfUs((d) => d.getUTCMonth() + 1), day: partOfUs((d) => d.getUTCDate()),
      hour: partOfUs((d) => d.getUTCHours()), minute: partOfUs((d) => d.getUTCMinutes()), second: partOfUs((d) => d.getUTCSeconds()),
    }),
    ordered: false,
    features: ["datetime"],
  },
  {
    id: "datetime/casts-and-compare-across-units",
    description: "timestamp → date32 floors to the day; date32 → timestamp is midnight; a millisecond literal compares with a microsecond column as an instant",
    inputs: [calendar],
    graph: singleStage(
      ProjectNode.select(
        MapNode.create(FilterNode.create(argumentScan(0, calendar), call("gte", col("ts"), lit(Date.UTC(1970, 0, 1), t.timestamp("ms")))), [
          { name: "day", expr: callWith("cast", { to: t.date32 }, col("ts")) },
          { name: "midnight", expr: callWith("cast", { to: t.timestamp("us") }, col("d")) },
          { name: "text", expr: callWith("cast", { to: t.utf8() }, col("d")) },
        ]),
        ["day", "midnight", "text"],
      ),
    ),
    expected: [0, 1, 3].map((i) => ({
      day: Math.floor(instantsUs[i]! / 1000 / DAY_MS),
      midnight: days[i]! * DAY_MS * 1000,
      text: new Date(days[i]! * DAY_MS).toISOString().slice(0, 10),
    })),
    ordered: false,
    features: ["datetime", "cast", "filter"],
  },
];

