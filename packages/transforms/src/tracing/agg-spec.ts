import { Expr, formatAggregate, type AggregateExpr, type AggregateName } from "@datajax/core-ir";
import type { Series } from "./series.js";

/**
 * A column name or an expression to aggregate. Here a string names a column (it is not a literal).
 *
 * @example
 * ```ts
 * import { col, sum, type AggInput } from "@datajax/transforms";
 * const byName: AggInput = "fare";                   // the column fare
 * const byExpr: AggInput = col("fare").add(col("tip")); // an expression
 * const totals = [sum(byName), sum(byExpr)];
 * ```
 */
export type AggInput = string | Series;

/**
 * One aggregate to compute per group (`frame.groupBy(...).agg({...})`) or over the whole frame
 * (`frame.agg({...})`). Checked against the schema when the aggregation is built. Make one with the
 * builders (count, sum, mean, ...) rather than the constructor.
 *
 * @example
 * ```ts
 * import { AggSpec, mean } from "@datajax/transforms";
 * const avg: AggSpec = mean("fare_amount");
 * avg.fn;         // "mean"
 * avg.describe(); // "mean(fare_amount)"
 * ```
 */
export class AggSpec {
  constructor(
    /** The aggregate function's registry name (`sum`, `mean`, `count_distinct`, ...). */
    readonly fn: AggregateName,
    /** The expression aggregated; null for `count()` (count rows). */
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

/**
 * `count()` counts rows; `count(x)` counts the non-null values of x. The result is int64, never null.
 *
 * @example
 * ```ts
 * import { count } from "@datajax/transforms";
 * const aggregates = { trips: count(), with_tip: count("tip_amount") };
 * // frame.groupBy("PULocationID").agg(aggregates)
 * ```
 */
export function count(x?: AggInput): AggSpec {
  return new AggSpec("count", x === undefined ? null : argExpr(x));
}
/**
 * Sum of non-null values (signed int → int64, unsigned → uint64, float → float64); null when there
 * are none.
 *
 * @example
 * ```ts
 * import { col, sum } from "@datajax/transforms";
 * const aggregates = { revenue: sum("fare_amount"), with_tips: sum(col("fare_amount").add(col("tip_amount"))) };
 * ```
 */
export const sum = builder("sum");
/**
 * Arithmetic mean (float64); null when there are no values.
 *
 * @example
 * ```ts
 * import { mean } from "@datajax/transforms";
 * const aggregates = { avg_fare: mean("fare_amount") };
 * aggregates.avg_fare.describe(); // "mean(fare_amount)"
 * ```
 */
export const mean = builder("mean");
/**
 * Smallest non-null value, of the input's type; null when there are none.
 *
 * @example
 * ```ts
 * import { min } from "@datajax/transforms";
 * const aggregates = { first_pickup: min("pickup_at"), cheapest: min("fare_amount") };
 * ```
 */
export const min = builder("min");
/**
 * Largest non-null value, of the input's type; null when there are none.
 *
 * @example
 * ```ts
 * import { max } from "@datajax/transforms";
 * const aggregates = { last_pickup: max("pickup_at"), priciest: max("fare_amount") };
 * ```
 */
export const max = builder("max");
/**
 * Sample variance (n - 1); null for fewer than two values. Also exported as `var`.
 *
 * @example
 * ```ts
 * import { variance } from "@datajax/transforms";
 * const aggregates = { fare_var: variance("fare_amount") };
 * ```
 */
export const variance = builder("var");
/**
 * Sample standard deviation (n - 1); null for fewer than two values.
 *
 * @example
 * ```ts
 * import { mean, std } from "@datajax/transforms";
 * const aggregates = { avg_fare: mean("fare_amount"), fare_sd: std("fare_amount") };
 * ```
 */
export const std = builder("std");
/**
 * First non-null value in input order (sort first to make it meaningful).
 *
 * @example
 * ```ts
 * import { first } from "@datajax/transforms";
 * const aggregates = { first_vendor: first("VendorID") };
 * // frame.sort("pickup_at").groupBy("PULocationID").agg(aggregates)
 * ```
 */
export const first = builder("first");
/**
 * Last non-null value in input order (sort first to make it meaningful).
 *
 * @example
 * ```ts
 * import { last } from "@datajax/transforms";
 * const aggregates = { last_vendor: last("VendorID") };
 * // frame.sort("pickup_at").groupBy("PULocationID").agg(aggregates)
 * ```
 */
export const last = builder("last");
/**
 * Number of distinct non-null values (int64).
 *
 * @example
 * ```ts
 * import { countDistinct } from "@datajax/transforms";
 * const aggregates = { destinations: countDistinct("DOLocationID") };
 * ```
 */
export const countDistinct = builder("count_distinct");

/** `var` is a reserved word in JavaScript: import it as `import { var as variance }`, or use `variance`. */
export { variance as var };
