import {
  Expr,
  formatExpr,
  resolveExpr,
  type CallOptions,
  type DataType,
  type OpName,
  type Schema,
  type TypedExpr,
} from "@datajax/core-ir";
import { guardConversions } from "./conversion-guard.js";
import { literalExpr, type LiteralInput } from "./literal.js";

/** Anything accepted where a Series is: a Series, or a plain value that becomes a literal. */
export type SeriesLike = Series | LiteralInput;

/**
 * A traced column expression: a core-ir Expr plus, when it came from `frame.col(...)`, the schema
 * it is checked against. A scoped Series type-checks every step as it is built, so
 * `trips.col("vendor").add(1)` fails on that line; an unscoped one (`col("x")`) is checked when a
 * Frame operation uses it. Plain values (numbers, strings, booleans, bigint, null, Date) are
 * accepted wherever a Series is and become literals (strings are values, not column names).
 *
 * Like every tracer it holds no data: converting it to a primitive throws TracerConversionError.
 */
export class Series {
  readonly expr: Expr;
  /** The schema this Series is checked against, if it is bound to a frame. */
  readonly scope: Schema | undefined;
  private readonly typed: TypedExpr | undefined;

  constructor(expr: Expr, scope?: Schema, operation = "expression") {
    this.expr = expr;
    this.scope = scope;
    this.typed = scope ? resolveExpr(expr, scope, operation) : undefined;
  }

  /** The result type when the Series is bound to a schema (from frame.col), else undefined. */
  get dtype(): DataType | undefined {
    return this.typed?.type;
  }

  /** Whether the result can be null, when bound to a schema. */
  get nullable(): boolean | undefined {
    return this.typed?.nullable;
  }

  /** The expression as text, e.g. `(fare > 0) and (tip < 10)`. */
  describe(): string {
    return formatExpr(this.expr);
  }

  // Arithmetic
  add(other: SeriesLike): Series { return this.call("add", [other]); }
  sub(other: SeriesLike): Series { return this.call("sub", [other]); }
  mul(other: SeriesLike): Series { return this.call("mul", [other]); }
  /** True division: the result is a float. */
  div(other: SeriesLike): Series { return this.call("div", [other]); }
  /** Floor division of integers; division by zero gives null. */
  floordiv(other: SeriesLike): Series { return this.call("floordiv", [other]); }
  /** Modulo with the sign of the divisor (as Python and Polars). */
  mod(other: SeriesLike): Series { return this.call("mod", [other]); }
  neg(): Series { return this.call("neg", []); }

  // Comparison (null compares to null)
  eq(other: SeriesLike): Series { return this.call("eq", [other]); }
  neq(other: SeriesLike): Series { return this.call("neq", [other]); }
  lt(other: SeriesLike): Series { return this.call("lt", [other]); }
  lte(other: SeriesLike): Series { return this.call("lte", [other]); }
  gt(other: SeriesLike): Series { return this.call("gt", [other]); }
  gte(other: SeriesLike): Series { return this.call("gte", [other]); }

  // Boolean (three-valued)
  and(other: SeriesLike): Series { return this.call("and", [other]); }
  or(other: SeriesLike): Series { return this.call("or", [other]); }
  not(): Series { return this.call("not", []); }

  // Nulls
  isNull(): Series { return this.call("is_null", []); }
  isNotNull(): Series { return this.call("is_not_null", []); }
  fillNull(value: SeriesLike): Series { return this.call("fill_null", [value]); }
  /** The first non-null of this and `others`. */
  coalesce(...others: SeriesLike[]): Series { return this.call("coalesce", others); }

  /** Converts to `to` (e.g. `t.float64`, `t.utf8()`); strings that do not parse become null. */
  cast(to: DataType): Series { return this.call("cast", [], { to }); }

  // Math
  abs(): Series { return this.call("abs", []); }
  sqrt(): Series { return this.call("sqrt", []); }
  exp(): Series { return this.call("exp", []); }
  log(): Series { return this.call("log", []); }
  log10(): Series { return this.call("log10", []); }
  pow(exponent: SeriesLike): Series { return this.call("pow", [exponent]); }
  floor(): Series { return this.call("floor", []); }
  ceil(): Series { return this.call("ceil", []); }
  /** Rounds half away from zero to `decimals` digits (default 0). */
  round(decimals?: number): Series { return this.call("round", [], decimals === undefined ? undefined : { decimals }); }

  // Strings
  lower(): Series { return this.call("lower", []); }
  upper(): Series { return this.call("upper", []); }
  trim(): Series { return this.call("trim", []); }
  /** Number of characters (code points). */
  length(): Series { return this.call("length", []); }
  contains(substring: SeriesLike): Series { return this.call("contains", [substring]); }
  startsWith(prefix: SeriesLike): Series { return this.call("starts_with", [prefix]); }
  endsWith(suffix: SeriesLike): Series { return this.call("ends_with", [suffix]); }
  concat(...others: SeriesLike[]): Series { return this.call("concat", others); }
  /** The `length` characters from 0-based `start`. */
  substring(start: SeriesLike, length: SeriesLike): Series { return this.call("substring", [start, length]); }

  // Date and time parts (int32)
  year(): Series { return this.call("year", []); }
  month(): Series { return this.call("month", []); }
  day(): Series { return this.call("day", []); }
  /** ISO day of week: Monday = 1 .. Sunday = 7. */
  weekday(): Series { return this.call("weekday", []); }
  dayOfYear(): Series { return this.call("day_of_year", []); }
  hour(): Series { return this.call("hour", []); }
  minute(): Series { return this.call("minute", []); }
  second(): Series { return this.call("second", []); }

  private call(op: OpName, others: readonly SeriesLike[], options?: CallOptions): Series {
    return callOperator(op, [this, ...others], options);
  }
}

guardConversions(Series.prototype, "Series");

/**
 * Where each registry operator is exposed. Typed `Record<OpName, ...>`, so adding an operator to
 * core-ir breaks this build until the Series API covers it.
 */
export const SERIES_API: Readonly<Record<OpName, string>> = {
  add: "add", sub: "sub", mul: "mul", div: "div", floordiv: "floordiv", mod: "mod", neg: "neg",
  eq: "eq", neq: "neq", lt: "lt", lte: "lte", gt: "gt", gte: "gte",
  and: "and", or: "or", not: "not",
  is_null: "isNull", is_not_null: "isNotNull", fill_null: "fillNull", coalesce: "coalesce",
  cast: "cast",
  abs: "abs", sqrt: "sqrt", exp: "exp", log: "log", log10: "log10", pow: "pow", floor: "floor", ceil: "ceil", round: "round",
  lower: "lower", upper: "upper", trim: "trim", length: "length", contains: "contains", starts_with: "startsWith", ends_with: "endsWith",
  concat: "concat", substring: "substring",
  year: "year", month: "month", day: "day", weekday: "weekday", day_of_year: "dayOfYear", hour: "hour", minute: "minute", second: "second",
  if_else: "when(cond).then(a).otherwise(b)",
};

/** A column reference; checked against the schema when a Frame operation uses it. */
export function col(name: string): Series {
  return new Series(Expr.column(name));
}

/** A literal; its type is inferred (see inferLiteralType) unless given. */
export function lit(value: LiteralInput, type?: DataType): Series {
  return new Series(literalExpr(value, type));
}

/** The expression of a Series, or a literal for a plain value. */
export function toExpr(x: SeriesLike): Expr {
  return x instanceof Series ? x.expr : literalExpr(x);
}

/** Applies a registry operator to Series-like arguments, checking eagerly when one is bound to a schema. */
export function callOperator(op: OpName, args: readonly SeriesLike[], options?: CallOptions): Series {
  const expr = Expr.call(op, args.map(toExpr), options);
  let scope: Schema | undefined;
  for (const a of args) if (a instanceof Series && a.scope) { scope = a.scope; break; }
  return new Series(expr, scope, op);
}
