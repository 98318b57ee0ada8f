import { Expr, formatAggregate, type AggregateExpr, type AggregateName } from "@datajax/core-ir";
import { Series } from "./series.js";

/** A column name or an expression to aggregate. Here a string names a column (it is not a literal). */
export type AggInput = string | Series;

/**
 * One aggregate to compute per group (`frame.groupBy(...).agg({...})`) or over the whole frame
 * (`frame.agg({...})`). Checked against the schema when the aggregation is built.
 */
export class AggSpec {
  constructor(
    readonly fn: AggregateName,
    readonly arg: Expr | null,
  ) {}

  /** The core-ir aggregate expression. */
  get expr(): AggregateExpr {
    return Expr.aggregate(this.fn, this.arg);
  }

  /** `mean(fare_amount)`. */
  describe(): string {
    return formatAggregate(this.expr);
  }
}

const argExpr = (x: AggInput): Expr => (typeof x === "string" ? Expr.column(x) : x.expr);
const builder = (fn: AggregateName) => (x: AggInput): AggSpec => new AggSpec(fn, argExpr(x));

/** `count()` counts rows; `count(x)` counts the non-null values of x. */
export function count(x?: AggInput): AggSpec {
  return new AggSpec("count", x === undefined ? null : argExpr(x));
}
/** Sum of non-null values (int → int64, float → float64); null when there are none. */
export const sum = builder("sum");
/** Arithmetic mean (float64); null when there are no values. */
export const mean = builder("mean");
export const min = builder("min");
export const max = builder("max");
/** Sample variance (n - 1); null for fewer than two values. */
export const variance = builder("var");
/** Sample standard deviation (n - 1); null for fewer than two values. */
export const std = builder("std");
/** First non-null value in input order. */
export const first = builder("first");
/** Last non-null value in input order. */
export const last = builder("last");
/** Number of distinct non-null values. */
export const countDistinct = builder("count_distinct");

/** `var` is a reserved word in JavaScript: import it as `import { var as variance }`, or use `variance`. */
export { variance as var };
