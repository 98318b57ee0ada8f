import { describe, expect, it } from "vitest";
import {
  ColumnNotFoundError,
  DataJaxError,
  Expr,
  TypeMismatchError,
  aggregateDef,
  aggregates,
  splitAggregate,
  columnsOf,
  commonType,
  field,
  formatType,
  isAggregateName,
  isOpName,
  operatorDef,
  operators,
  resolveAggregate,
  resolveExpr,
  rewriteExpr,
  sameExpr,
  schema,
  substituteColumns,
  t,
  type AggregateName,
  type CallOptions,
  type DataType,
  type OpName,
} from "../src/index.js";

const c = Expr.column;
const lit = Expr.literal;
const call = (op: OpName, args: Expr[], options?: CallOptions) => Expr.call(op, args, options);

/** Columns named after their type; a trailing `n` means nullable. */
const S = schema([
  field("b", t.bool, false),
  field("bn", t.bool, true),
  field("i8", t.int8, false),
  field("i16", t.int16, false),
  field("i32", t.int32, false),
  field("i32n", t.int32, true),
  field("i64", t.int64, false),
  field("i64n", t.int64, true),
  field("u8", t.uint8, false),
  field("u64", t.uint64, false),
  field("f32", t.float32, false),
  field("f64", t.float64, false),
  field("f64n", t.float64, true),
  field("s", t.utf8(), false),
  field("sn", t.utf8(), true),
  field("sd", t.utf8(true), false),
  field("d", t.date32, false),
  field("ts", t.timestamp("us"), false),
  field("tsn", t.timestamp("us"), true),
  field("tsz", t.timestamp("us", "UTC"), false),
  field("fare_amount", t.float64, true),
]);

interface Ok {
  args: Expr[];
  options?: CallOptions;
  type: DataType;
  nullable: boolean;
}
interface Bad {
  args: Expr[];
  options?: CallOptions;
  error: RegExp;
}
interface OpCases {
  ok: Ok[];
  bad: Bad[];
}

const i32 = (v: number) => lit(v, t.int32);
const str = (v: string) => lit(v, t.utf8());
const ok = (args: Expr[], type: DataType, nullable: boolean, options?: CallOptions): Ok => ({ args, type, nullable, ...(options ? { options } : {}) });
const bad = (args: Expr[], error: RegExp, options?: CallOptions): Bad => ({ args, error, ...(options ? { options } : {}) });

const arithmetic = (extra: Ok[] = []): OpCases => ({
  ok: [
    ok([c("i32"), c("f64")], t.float64, false),
    ok([c("i32"), c("f64n")], t.float64, true),
    ok([c("i8"), c("u8")], t.int16, false),
    ok([c("i64"), c("u64")], t.float64, false),
    ok([c("f32"), c("i16")], t.float32, false),
    ok([c("i32"), lit(null, t.null)], t.int32, true),
    ...extra,
  ],
  bad: [bad([c("s"), c("i32")], /expects numbers, got utf8, int32/), bad([c("b"), c("i32")], /expects numbers/)],
});
const comparison = (): OpCases => ({
  ok: [
    ok([c("i32"), c("f64")], t.bool, false),
    ok([c("i32n"), c("u64")], t.bool, true),
    ok([c("s"), c("sd")], t.bool, false),
    ok([c("sn"), str("x")], t.bool, true),
    ok([c("d"), c("d")], t.bool, false),
    ok([c("ts"), c("tsn")], t.bool, true),
    ok([c("b"), c("bn")], t.bool, true),
    ok([c("i32"), lit(null, t.null)], t.bool, true),
  ],
  bad: [
    bad([c("s"), c("i32")], /cannot compare utf8, int32/),
    bad([c("d"), c("ts")], /cannot compare date32, timestamp\[us\]/),
    bad([c("ts"), c("tsz")], /cannot compare/),
    bad([c("b"), c("i32")], /cannot compare bool, int32/),
  ],
});
const unaryFloat = (): OpCases => ({
  ok: [ok([c("i32")], t.float64, false), ok([c("f32")], t.float32, false), ok([c("f64n")], t.float64, true), ok([c("u64")], t.float64, false)],
  bad: [bad([c("s")], /expects a number, got utf8/)],
});
const unaryNumeric = (): OpCases => ({
  ok: [ok([c("i16")], t.int16, false), ok([c("f32")], t.float32, false), ok([c("f64n")], t.float64, true)],
  bad: [bad([c("s")], /expects a number, got utf8/), bad([c("d")], /expects a number, got date32/)],
});
const stringToString = (): OpCases => ({
  ok: [ok([c("s")], t.utf8(), false), ok([c("sd")], t.utf8(), false), ok([c("sn")], t.utf8(), true)],
  bad: [bad([c("i32")], /expects a string, got int32/)],
});
const stringPredicate = (): OpCases => ({
  ok: [ok([c("s"), str("x")], t.bool, false), ok([c("sd"), c("sn")], t.bool, true)],
  bad: [bad([c("s"), i32(1)], /expects two strings, got utf8, int32/)],
});
const datePart = (): OpCases => ({
  ok: [ok([c("d")], t.int32, false), ok([c("ts")], t.int32, false), ok([c("tsn")], t.int32, true), ok([c("tsz")], t.int32, false)],
  bad: [bad([c("i32")], /expects a date or timestamp, got int32/), bad([c("s")], /expects a date or timestamp/)],
});
const timePart = (): OpCases => ({
  ok: [ok([c("ts")], t.int32, false), ok([c("tsn")], t.int32, true)],
  bad: [bad([c("d")], /expects a timestamp, got date32/)],
});

/** One entry per operator: typing it as Record<OpName, ...> makes a new operator a compile error here too. */
const CASES: Record<OpName, OpCases> = {
  add: arithmetic(),
  sub: arithmetic(),
  mul: arithmetic(),
  div: {
    ok: [ok([c("i32"), c("i32")], t.float64, false), ok([c("f32"), c("i16")], t.float32, false), ok([c("i64n"), c("f64")], t.float64, true), ok([c("f32"), c("f32")], t.float32, false)],
    bad: [bad([c("s"), c("i32")], /expects numbers/)],
  },
  floordiv: {
    ok: [
      // integer division by zero gives null, so an integer divisor makes the result nullable
      ok([c("i32"), c("i32")], t.int32, true),
      ok([c("f64"), c("f64")], t.float64, false),
      ok([c("i32"), c("f64")], t.float64, false),
      ok([c("f64n"), c("f64")], t.float64, true),
    ],
    bad: [bad([c("s"), c("i32")], /expects numbers/)],
  },
  mod: {
    ok: [ok([c("i64"), c("i8")], t.int64, true), ok([c("f64"), c("f32")], t.float64, false)],
    bad: [bad([c("i32"), c("d")], /expects numbers/)],
  },
  neg: unaryNumeric(),
  eq: comparison(),
  neq: comparison(),
  lt: comparison(),
  lte: comparison(),
  gt: comparison(),
  gte: comparison(),
  and: {
    ok: [ok([c("b"), c("b")], t.bool, false), ok([c("b"), c("bn")], t.bool, true), ok([c("b"), lit(null, t.null)], t.bool, true)],
    bad: [bad([c("b"), c("i32")], /expects booleans, got bool, int32/)],
  },
  or: {
    ok: [ok([c("b"), c("b")], t.bool, false), ok([c("bn"), c("b")], t.bool, true)],
    bad: [bad([c("s"), c("b")], /expects booleans/)],
  },
  not: {
    ok: [ok([c("b")], t.bool, false), ok([c("bn")], t.bool, true)],
    bad: [bad([c("i32")], /expects booleans, got int32/)],
  },
  is_null: { ok: [ok([c("i32n")], t.bool, false), ok([c("s")], t.bool, false)], bad: [] },
  is_not_null: { ok: [ok([c("tsn")], t.bool, false), ok([lit(null, t.null)], t.bool, false)], bad: [] },
  fill_null: {
    ok: [
      ok([c("i32n"), i32(0)], t.int32, false),
      ok([c("i32n"), c("i64n")], t.int64, true),
      ok([c("i32n"), lit(0.5, t.float64)], t.float64, false),
      ok([c("sn"), c("sd")], t.utf8(), false),
      ok([c("tsn"), c("ts")], t.timestamp("us"), false),
    ],
    bad: [bad([c("sn"), i32(0)], /must share a type, got utf8, int32/), bad([c("d"), c("ts")], /must share a type/)],
  },
  coalesce: {
    ok: [
      ok([c("i32n")], t.int32, true),
      ok([c("i32n"), c("f64n"), lit(0, t.float64)], t.float64, false),
      ok([c("i32n"), c("i64n")], t.int64, true),
      ok([lit(null, t.null), lit(null, t.null)], t.null, true),
    ],
    bad: [bad([c("i32n"), c("s")], /all arguments must share a type, got int32, utf8/)],
  },
  cast: {
    ok: [
      ok([c("i32")], t.float64, false, { to: t.float64 }),
      ok([c("f64n")], t.int32, true, { to: t.int32 }),
      // strings that do not parse become null
      ok([c("s")], t.int64, true, { to: t.int64 }),
      ok([c("s")], t.utf8(true), false, { to: t.utf8(true) }),
      ok([c("i32")], t.utf8(), false, { to: t.utf8() }),
      ok([c("b")], t.int8, false, { to: t.int8 }),
      ok([c("i32")], t.bool, false, { to: t.bool }),
      ok([c("d")], t.int32, false, { to: t.int32 }),
      ok([c("ts")], t.date32, false, { to: t.date32 }),
      ok([c("d")], t.timestamp("ms"), false, { to: t.timestamp("ms") }),
      ok([c("i64")], t.timestamp("ns", "UTC"), false, { to: t.timestamp("ns", "UTC") }),
      ok([c("tsz")], t.timestamp("s"), false, { to: t.timestamp("s") }),
      ok([lit(null, t.null)], t.float32, true, { to: t.float32 }),
    ],
    bad: [
      bad([c("i32")], /needs a target type/),
      bad([c("d")], /cannot cast date32 to float64/, { to: t.float64 }),
      bad([c("f64")], /cannot cast float64 to timestamp\[us\]/, { to: t.timestamp() }),
      bad([c("s")], /cannot cast utf8 to bool/, { to: t.bool }),
      bad([c("b")], /cannot cast bool to date32/, { to: t.date32 }),
      bad([c("i32")], /cannot cast int32 to null/, { to: t.null }),
    ],
  },
  abs: unaryNumeric(),
  sqrt: unaryFloat(),
  exp: unaryFloat(),
  log: unaryFloat(),
  log10: unaryFloat(),
  pow: {
    ok: [ok([c("i32"), c("i32")], t.float64, false), ok([c("f32"), c("i8")], t.float32, false), ok([c("f64n"), i32(2)], t.float64, true)],
    bad: [bad([c("s"), i32(2)], /expects numbers/)],
  },
  floor: unaryNumeric(),
  ceil: unaryNumeric(),
  round: {
    ok: [ok([c("f64")], t.float64, false), ok([c("f64n")], t.float64, true, { decimals: 2 }), ok([c("i32")], t.int32, false)],
    bad: [bad([c("s")], /expects a number/)],
  },
  lower: stringToString(),
  upper: stringToString(),
  trim: stringToString(),
  length: {
    ok: [ok([c("s")], t.int32, false), ok([c("sn")], t.int32, true), ok([c("sd")], t.int32, false)],
    bad: [bad([c("i32")], /expects a string, got int32/)],
  },
  contains: stringPredicate(),
  starts_with: stringPredicate(),
  ends_with: stringPredicate(),
  concat: {
    ok: [ok([c("s")], t.utf8(), false), ok([c("s"), c("sd"), str("-")], t.utf8(), false), ok([c("s"), c("sn")], t.utf8(), true)],
    bad: [bad([c("s"), c("i32")], /expects strings, got utf8, int32; cast numbers/)],
  },
  substring: {
    ok: [ok([c("s"), i32(0), i32(3)], t.utf8(), false), ok([c("sn"), c("i64"), lit(2, t.uint8)], t.utf8(), true)],
    bad: [bad([c("s"), lit(0.5, t.float64), i32(3)], /expects \(utf8, integer start, integer length\), got utf8, float64, int32/), bad([c("i32"), i32(0), i32(1)], /expects \(utf8/)],
  },
  year: datePart(),
  month: datePart(),
  day: datePart(),
  weekday: datePart(),
  day_of_year: datePart(),
  hour: timePart(),
  minute: timePart(),
  second: timePart(),
  if_else: {
    ok: [
      ok([c("b"), c("i32"), c("f64")], t.float64, false),
      // a null condition takes the otherwise branch, so only the branches decide nullability
      ok([c("bn"), c("i32"), i32(0)], t.int32, false),
      ok([c("b"), c("i32n"), i32(0)], t.int32, true),
      ok([c("b"), c("s"), c("sd")], t.utf8(), false),
      ok([c("b"), c("sd"), c("sd")], t.utf8(true), false),
      ok([c("b"), lit(null, t.null), c("ts")], t.timestamp("us"), true),
    ],
    bad: [bad([c("i32"), c("i32"), c("i32")], /the condition must be a bool, got int32/), bad([c("b"), c("s"), c("i32")], /both branches must share a type, got utf8, int32/)],
  },
};

describe("operator registry coverage", () => {
  it("every operator in the registry has typing cases, and every case names a real operator", () => {
    const registered = Object.keys(operators).sort();
    expect(Object.keys(CASES).sort()).toEqual(registered);
    for (const op of registered) expect(CASES[op as OpName].ok.length, op).toBeGreaterThan(0);
  });

  it("each definition is keyed by its own name and has a doc", () => {
    for (const [key, def] of Object.entries(operators)) {
      expect(def.name).toBe(key);
      expect(def.doc.length).toBeGreaterThan(0);
      expect(isOpName(key)).toBe(true);
    }
    expect(isOpName("toString")).toBe(false);
    expect(isOpName("frobnicate")).toBe(false);
  });
});

describe("resolveExpr result types and nullability", () => {
  for (const [op, cases] of Object.entries(CASES) as [OpName, OpCases][]) {
    describe(op, () => {
      cases.ok.forEach((k, i) => {
        it(`accepts case ${i}: (${k.args.map((a) => (a.kind === "column" ? a.name : a.kind)).join(", ")}) → ${formatType(k.type)}${k.nullable ? "?" : ""}`, () => {
          const r = resolveExpr(call(op, k.args, k.options), S);
          expect(r.kind).toBe("call");
          expect(formatType(r.type)).toBe(formatType(k.type));
          expect(r.type).toEqual(k.type);
          expect(r.nullable).toBe(k.nullable);
        });
      });
      cases.bad.forEach((k, i) => {
        it(`rejects case ${i} with TypeMismatchError ${k.error}`, () => {
          const e = call(op, k.args, k.options);
          expect(() => resolveExpr(e, S, "with_columns x")).toThrowError(TypeMismatchError);
          expect(() => resolveExpr(e, S, "with_columns x")).toThrowError(k.error);
          expect(() => resolveExpr(e, S, "with_columns x")).toThrowError(/^with_columns x: /);
        });
      });
    });
  }

  it("annotates column references with their index, type and nullability", () => {
    expect(resolveExpr(c("i32n"), S)).toEqual({ kind: "column", name: "i32n", index: 5, type: t.int32, nullable: true });
  });

  it("a literal is nullable only when it is null", () => {
    expect(resolveExpr(i32(1), S).nullable).toBe(false);
    expect(resolveExpr(lit(null, t.int32), S).nullable).toBe(true);
  });

  it("types nested calls bottom-up", () => {
    const e = call("gt", [call("add", [c("i32"), call("cast", [c("s")], { to: t.float32 })]), lit(0, t.float64)]);
    const r = resolveExpr(e, S);
    expect(r.type).toEqual(t.bool);
    expect(r.nullable).toBe(true); // the cast of a string may fail to parse
    if (r.kind !== "call") throw new Error("expected a call");
    expect(r.args[0]!.type).toEqual(t.float64); // int32 + float32 → float64
  });
});

describe("resolveExpr errors", () => {
  it("an unknown column names the operation, the column, the schema and the close match", () => {
    const small = schema([field("fare_amount", t.float64), field("trip_distance", t.float64, false)]);
    let err: unknown;
    try {
      resolveExpr(call("gt", [c("fare_amout"), lit(0, t.float64)]), small, "filter");
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ColumnNotFoundError);
    expect(err).toBeInstanceOf(DataJaxError);
    const e = err as ColumnNotFoundError;
    expect(e.code).toBe("DJX_COLUMN_NOT_FOUND");
    expect(e.column).toBe("fare_amout");
    expect(e.operation).toBe("filter");
    expect(e.suggestion).toBe("fare_amount");
    expect(e.message).toContain("filter");
    expect(e.message).toContain('"fare_amout"');
    expect(e.message).toContain('Did you mean "fare_amount"?');
    expect(e.message).toContain("{fare_amount:float64?, trip_distance:float64}");
  });

  it("an unknown column with no close match makes no suggestion", () => {
    let err: ColumnNotFoundError | undefined;
    try {
      resolveExpr(c("zzzzzzzz"), S, "select");
    } catch (e) {
      err = e as ColumnNotFoundError;
    }
    expect(err).toBeInstanceOf(ColumnNotFoundError);
    expect(err!.suggestion).toBeUndefined();
    expect(err!.message).not.toMatch(/Did you mean/);
  });

  it("utf8 + int32 is a TypeMismatchError that shows the expression and hints to cast", () => {
    let err: TypeMismatchError | undefined;
    try {
      resolveExpr(call("add", [c("s"), c("i32")]), S, "with_columns y");
    } catch (e) {
      err = e as TypeMismatchError;
    }
    expect(err).toBeInstanceOf(TypeMismatchError);
    expect(err!.code).toBe("DJX_TYPE_MISMATCH");
    expect(err!.operation).toBe("with_columns y");
    expect(err!.message).toContain("add expects numbers, got utf8, int32 in s + i32");
    expect(err!.message).toMatch(/Cast one side first/);
    expect(err!.message).toContain("schema in scope: {b:bool");
  });

  it("a dictionary-encoded string + int32 also hints to cast", () => {
    expect(() => resolveExpr(call("mul", [c("sd"), c("i64")]), S)).toThrowError(/Cast one side first/);
    expect(() => resolveExpr(call("add", [c("u8"), c("sn")]), S)).toThrowError(/Cast one side first/);
  });

  it("a non-boolean and/or hints to build a comparison", () => {
    expect(() => resolveExpr(call("and", [c("i32"), c("b")]), S)).toThrowError(/Build a boolean first/);
  });

  it.each([
    ["add", [c("i32")], /add takes 2 argument\(s\), got 1/],
    ["neg", [c("i32"), c("i32")], /neg takes 1 argument\(s\), got 2/],
    ["substring", [c("s"), i32(0)], /substring takes 3 argument\(s\), got 2/],
    ["coalesce", [], /coalesce takes 1\.\.Infinity argument\(s\), got 0/],
    ["concat", [], /concat takes 1\.\.Infinity argument\(s\), got 0/],
    ["if_else", [c("b"), c("i32")], /if_else takes 3 argument\(s\), got 2/],
  ] as [OpName, Expr[], RegExp][])("wrong arity: %s", (op, args, msg) => {
    expect(() => resolveExpr(call(op, args), S, "map")).toThrowError(TypeMismatchError);
    expect(() => resolveExpr(call(op, args), S, "map")).toThrowError(msg);
  });

  it("reports the unknown column inside a nested call", () => {
    expect(() => resolveExpr(call("add", [c("i32"), call("neg", [c("i33")])]), S, "with_columns z")).toThrowError(/with_columns z: no column named "i33"\. Did you mean "i32"\?/);
  });
});

interface AggCase {
  arg: Expr | null;
  type?: DataType;
  nullable?: boolean;
  error?: RegExp;
}
const AGG_CASES: Record<AggregateName, AggCase[]> = {
  count: [
    { arg: null, type: t.int64, nullable: false },
    { arg: c("sn"), type: t.int64, nullable: false },
  ],
  sum: [
    { arg: c("i32"), type: t.int64, nullable: true },
    { arg: c("i8"), type: t.int64, nullable: true },
    { arg: c("u8"), type: t.uint64, nullable: true },
    { arg: c("f32"), type: t.float64, nullable: true },
    { arg: c("s"), error: /sum expects a number, got utf8\. Pick a numeric column/ },
    { arg: null, error: /sum needs a column/ },
  ],
  mean: [
    { arg: c("i64"), type: t.float64, nullable: true },
    { arg: c("ts"), error: /mean expects a number, got timestamp\[us\]/ },
  ],
  min: [
    { arg: c("s"), type: t.utf8(), nullable: true },
    { arg: c("ts"), type: t.timestamp("us"), nullable: true },
    { arg: lit(null, t.null), error: /min expects a column, got null/ },
  ],
  max: [{ arg: c("i16"), type: t.int16, nullable: true }],
  var: [
    { arg: c("i32"), type: t.float64, nullable: true },
    { arg: c("b"), error: /var expects a number/ },
  ],
  std: [{ arg: c("f32"), type: t.float64, nullable: true }],
  first: [{ arg: c("d"), type: t.date32, nullable: true }],
  last: [{ arg: c("sd"), type: t.utf8(true), nullable: true }],
  count_distinct: [
    { arg: c("s"), type: t.int64, nullable: false },
    { arg: null, error: /count_distinct needs a column/ },
  ],
};

describe("aggregates", () => {
  it("every aggregate in the registry has cases", () => {
    expect(Object.keys(AGG_CASES).sort()).toEqual(Object.keys(aggregates).sort());
    for (const [k, def] of Object.entries(aggregates)) {
      expect(def.name).toBe(k);
      expect(isAggregateName(k)).toBe(true);
    }
    expect(isAggregateName("median")).toBe(false);
    expect(isAggregateName("constructor")).toBe(false);
  });

  it("marks which aggregates decompose into partial + final", () => {
    const decomposable = Object.values(aggregates).filter((a) => a.decomposable).map((a) => a.name).sort();
    expect(decomposable).toEqual(["count", "max", "mean", "min", "sum"]);
    expect(aggregateDef("count").argument).toBe("optional");
    // Every decomposable aggregate says how it splits; the others do not.
    for (const a of Object.values(aggregates)) expect(splitAggregate(a.name as AggregateName, Expr.column("x")) !== undefined, a.name).toBe(a.decomposable);
  });

  for (const [fn, cases] of Object.entries(AGG_CASES) as [AggregateName, AggCase[]][]) {
    cases.forEach((k, i) => {
      it(`${fn} case ${i}`, () => {
        const a = Expr.aggregate(fn, k.arg);
        if (k.error) {
          expect(() => resolveAggregate(a, S, "agg total")).toThrowError(TypeMismatchError);
          expect(() => resolveAggregate(a, S, "agg total")).toThrowError(k.error);
          expect(() => resolveAggregate(a, S, "agg total")).toThrowError(/^agg total: /);
        } else {
          const r = resolveAggregate(a, S);
          expect(r.fn).toBe(fn);
          expect(r.type).toEqual(k.type);
          expect(r.nullable).toBe(k.nullable);
        }
      });
    });
  }

  it("aggregates an expression, not only a column", () => {
    const r = resolveAggregate(Expr.aggregate("sum", call("mul", [c("i32"), c("i16")])), S);
    expect(r.type).toEqual(t.int64);
    expect(r.arg?.type).toEqual(t.int32);
  });

  it("an unknown column inside an aggregate is a ColumnNotFoundError", () => {
    expect(() => resolveAggregate(Expr.aggregate("mean", c("fare_amout")), S, "agg avg_fare")).toThrowError(/agg avg_fare: no column named "fare_amout"\. Did you mean "fare_amount"\?/);
  });
});

describe("commonType", () => {
  it.each([
    [[t.int32, t.float64], t.float64],
    [[t.int8, t.uint8, t.int32], t.int32],
    [[t.null, t.int32, t.null], t.int32],
    [[t.null], t.null],
    [[], t.null],
    [[t.utf8(true), t.utf8(true)], t.utf8(true)],
    [[t.utf8(true), t.utf8()], t.utf8()],
    [[t.utf8(), t.utf8(true), t.utf8(true)], t.utf8()],
    [[t.timestamp("us", "UTC"), t.timestamp("us", "UTC")], t.timestamp("us", "UTC")],
    [[t.bool, t.bool], t.bool],
  ] as [DataType[], DataType][])("%o → %o", (types, want) => {
    expect(commonType(types)).toEqual(want);
  });

  it.each([
    [[t.int32, t.utf8()]],
    [[t.timestamp("us"), t.timestamp("ns")]],
    [[t.timestamp("us", "UTC"), t.timestamp("us")]],
    [[t.date32, t.timestamp()]],
    [[t.bool, t.int8]],
  ] as [DataType[]][])("%o has none", (types) => {
    expect(commonType(types)).toBeUndefined();
  });
});

describe("expression helpers", () => {
  const e = call("add", [c("a"), call("mul", [c("b"), c("a")])]);

  it("Expr constructors freeze", () => {
    expect(Object.isFrozen(e)).toBe(true);
    expect(Object.isFrozen(e.args)).toBe(true);
    const cast = call("cast", [c("a")], { to: t.int64 });
    expect(Object.isFrozen(cast.options)).toBe(true);
  });

  it("columnsOf lists each column once in first-seen order", () => {
    expect(columnsOf(e)).toEqual(["a", "b"]);
    expect(columnsOf(lit(1, t.int32))).toEqual([]);
  });

  it("substituteColumns replaces references; rewriteExpr keeps identity when nothing changes", () => {
    const s = substituteColumns(e, new Map([["a", lit(1, t.int32)]]));
    expect(sameExpr(s, call("add", [lit(1, t.int32), call("mul", [c("b"), lit(1, t.int32)])]))).toBe(true);
    expect(rewriteExpr(e, (x) => x)).toBe(e);
  });

  it("sameExpr is structural and distinguishes literal types and bigint from number", () => {
    expect(sameExpr(call("add", [c("a"), i32(1)]), call("add", [c("a"), i32(1)]))).toBe(true);
    expect(sameExpr(i32(1), lit(1, t.int64))).toBe(false);
    expect(sameExpr(lit(1n, t.int64), lit(1n, t.int64))).toBe(true);
    expect(sameExpr(lit(2n, t.int64), lit(1n, t.int64))).toBe(false);
    expect(sameExpr(call("cast", [c("a")], { to: t.int32 }), call("cast", [c("a")], { to: t.int64 }))).toBe(false);
  });

  it("operatorDef returns the registry entry", () => {
    expect(operatorDef("add")).toBe(operators.add);
    expect(operatorDef("add").infix).toBe("+");
  });
});
