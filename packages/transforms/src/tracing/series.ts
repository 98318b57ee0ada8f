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

/**
 * Anything accepted where a Series is: a Series, or a plain value that becomes a literal.
 *
 * @example
 * ```ts
 * import { col, type SeriesLike } from "@datajax/transforms";
 * const threshold: SeriesLike = 10; // becomes the literal 10 (int32)
 * const cheap = col("fare").lt(threshold);
 * cheap.describe(); // "fare < 10"
 * ```
 */
export type SeriesLike = Series | LiteralInput;

/**
 * A traced column expression: a core-ir Expr plus, when it came from `frame.col(...)`, the schema
 * it is checked against. A scoped Series type-checks every step as it is built, so
 * `trips.col("vendor").add(1)` fails on that line; an unscoped one (`col("x")`) is checked when a
 * Frame operation uses it. Plain values (numbers, strings, booleans, bigint, null, Date) are
 * accepted wherever a Series is and become literals (strings are values, not column names).
 *
 * Like every tracer it holds no data: converting it to a primitive throws TracerConversionError.
 *
 * @example
 * ```ts
 * import { field, schema, t } from "@datajax/core-ir";
 * import { Frame } from "@datajax/transforms";
 * const trips = Frame.fromSchema("trips", schema([field("fare", t.float64), field("tip", t.float64)]));
 * const rate = trips.col("tip").div(trips.col("fare"));
 * rate.dtype;      // { id: "float64" }
 * rate.describe(); // "tip / fare"
 * ```
 */
export class Series {
  /** The core-ir expression this Series stands for. */
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
  /** `this + other`, with numeric promotion (int32 + float64 → float64). */
  add(other: SeriesLike): Series { return this.call("add", [other]); }
  /** `this - other`. */
  sub(other: SeriesLike): Series { return this.call("sub", [other]); }
  /** `this * other`. */
  mul(other: SeriesLike): Series { return this.call("mul", [other]); }
  /** True division: the result is a float. */
  div(other: SeriesLike): Series { return this.call("div", [other]); }
  /** Floor division of integers; division by zero gives null. */
  floordiv(other: SeriesLike): Series { return this.call("floordiv", [other]); }
  /** Modulo with the sign of the divisor (as Python and Polars). */
  mod(other: SeriesLike): Series { return this.call("mod", [other]); }
  /** `-this`. */
  neg(): Series { return this.call("neg", []); }

  // Comparison (null compares to null)
  /** `this == other` (bool). */
  eq(other: SeriesLike): Series { return this.call("eq", [other]); }
  /** `this != other` (bool). */
  neq(other: SeriesLike): Series { return this.call("neq", [other]); }
  /** `this < other` (bool). */
  lt(other: SeriesLike): Series { return this.call("lt", [other]); }
  /** `this <= other` (bool). */
  lte(other: SeriesLike): Series { return this.call("lte", [other]); }
  /** `this > other` (bool). */
  gt(other: SeriesLike): Series { return this.call("gt", [other]); }
  /** `this >= other` (bool). */
  gte(other: SeriesLike): Series { return this.call("gte", [other]); }

  // Boolean (three-valued)
  /** Logical and, three-valued (`false and null` is false). */
  and(other: SeriesLike): Series { return this.call("and", [other]); }
  /** Logical or, three-valued (`true or null` is true). */
  or(other: SeriesLike): Series { return this.call("or", [other]); }
  /** Logical not (`not null` is null). */
  not(): Series { return this.call("not", []); }

  // Nulls
  /** Whether the value is null (bool, never null). */
  isNull(): Series { return this.call("is_null", []); }
  /** Whether the value is not null (bool, never null). */
  isNotNull(): Series { return this.call("is_not_null", []); }
  /** This value, or `value` where it is null. */
  fillNull(value: SeriesLike): Series { return this.call("fill_null", [value]); }
  /** The first non-null of this and `others`. */
  coalesce(...others: SeriesLike[]): Series { return this.call("coalesce", others); }

  /** Converts to `to` (e.g. `t.float64`, `t.utf8()`); strings that do not parse become null. */
  cast(to: DataType): Series { return this.call("cast", [], { to }); }

  // Math
  /** Absolute value. */
  abs(): Series { return this.call("abs", []); }
  /** Square root (float). */
  sqrt(): Series { return this.call("sqrt", []); }
  /** e to the power of this value (float). */
  exp(): Series { return this.call("exp", []); }
  /** Natural logarithm (float). */
  log(): Series { return this.call("log", []); }
  /** Base-10 logarithm (float). */
  log10(): Series { return this.call("log10", []); }
  /** This value to the power `exponent` (float). */
  pow(exponent: SeriesLike): Series { return this.call("pow", [exponent]); }
  /** Rounds down to a whole number. */
  floor(): Series { return this.call("floor", []); }
  /** Rounds up to a whole number. */
  ceil(): Series { return this.call("ceil", []); }
  /** Rounds half away from zero to `decimals` digits (default 0). */
  round(decimals?: number): Series { return this.call("round", [], decimals === undefined ? undefined : { decimals }); }

  // Strings
  /** The string in lower case. */
  lower(): Series { return this.call("lower", []); }
  /** The string in upper case. */
  upper(): Series { return this.call("upper", []); }
  /** The string without leading and trailing whitespace. */
  trim(): Series { return this.call("trim", []); }
  /** Number of characters (code points). */
  length(): Series { return this.call("length", []); }
  /** Whether the string contains `substring` (bool). */
  contains(substring: SeriesLike): Series { return this.call("contains", [substring]); }
  /** Whether the string starts with `prefix` (bool). */
  startsWith(prefix: SeriesLike): Series { return this.call("starts_with", [prefix]); }
  /** Whether the string ends with `suffix` (bool). */
  endsWith(suffix: SeriesLike): Series { return this.call("ends_with", [suffix]); }
  /** This string followed by `others`, in order. */
  concat(...others: SeriesLike[]): Series { return this.call("concat", others); }
  /** The `length` characters from 0-based `start`. */
  substring(start: SeriesLike, length: SeriesLike): Series { return this.call("substring", [start, length]); }

  // Date and time parts (int32)
  /** The year of a date or timestamp (int32). */
  year(): Series { return this.call("year", []); }
  /** The month, 1 to 12 (int32). */
  month(): Series { return this.call("month", []); }
  /** The day of the month, 1 to 31 (int32). */
  day(): Series { return this.call("day", []); }
  /** ISO day of week: Monday = 1 .. Sunday = 7. */
  weekday(): Series { return this.call("weekday", []); }
  /** The day of the year, 1 to 366 (int32). */
  dayOfYear(): Series { return this.call("day_of_year", []); }
  /** The hour, 0 to 23 (int32). */
  hour(): Series { return this.call("hour", []); }
  /** The minute, 0 to 59 (int32). */
  minute(): Series { return this.call("minute", []); }
  /** The second, 0 to 59 (int32). */
  second(): Series { return this.call("second", []); }

  private call(op: OpName, others: readonly SeriesLike[], options?: CallOptions): Series {
    return callOperator(op, [this, ...others], options);
  }
}

guardConversions(Series.prototype, "Series");

/**
 * Where each registry operator is exposed. Typed `Record<OpName, ...>`, so adding an operator to
 * core-ir breaks this build until the Series API covers it.
 *
 * @example
 * ```ts
 * import { SERIES_API } from "@datajax/transforms";
 * SERIES_API.is_null;     // "isNull": the Series method for the registry's is_null
 * SERIES_API.starts_with; // "startsWith"
 * ```
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

/**
 * A column reference; checked against the schema when a Frame operation uses it (a missing name
 * then throws ColumnNotFoundError). Use `frame.col(name)` to check it at once.
 *
 * @example
 * ```ts
 * import { col } from "@datajax/transforms";
 * const positive = col("fare").gt(0).and(col("tip").lt(10));
 * positive.describe(); // "(fare > 0) and (tip < 10)"
 * ```
 */
export function col(name: string): Series {
  return new Series(Expr.column(name));
}

/**
 * A literal; its type is inferred (see inferLiteralType) unless given. A value that is not valid
 * for the given type throws TypeMismatchError.
 *
 * @example
 * ```ts
 * import { t } from "@datajax/core-ir";
 * import { col, lit } from "@datajax/transforms";
 * const big = lit(1, t.int64);          // an int64 literal instead of the inferred int32
 * const total = col("fare").add(big);
 * ```
 */
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
