import { formatType, isInteger, isNumeric, isSignedInteger, t, type DataType } from "../types/data-type.js";

/**
 * One aggregate function. `decomposable` means it splits into a partial aggregate per partition
 * and a final merge (used for partial aggregation before exchanges and joins).
 *
 * @example
 * ```ts
 * import { aggregateDef, formatType, t, type AggregateDef } from "@datajax/core-ir";
 *
 * const sum: AggregateDef = aggregateDef("sum");
 * const result = sum.resultType(t.int32);
 * typeof result === "string" ? result : formatType(result); // "int64"
 * ```
 */
export interface AggregateDef {
  /** Registry name (the AggregateName). */
  readonly name: string;
  /** `optional` only for count: count() counts rows, count(x) non-null values. */
  readonly argument: "required" | "optional";
  /** Whether it splits into partial and final aggregates (see splitAggregate). */
  readonly decomposable: boolean;
  /** The result type for the argument's type (null for `count()`), or a sentence saying what is wrong with it. */
  readonly resultType: (arg: DataType | null) => DataType | string;
  /** Whether the result can be null (an empty group, or all inputs null). */
  readonly resultNullable: boolean;
  /** One-line description, for documentation. */
  readonly doc: string;
}

const numeric = (f: (d: DataType) => DataType) => (d: DataType | null) =>
  d && isNumeric(d) ? f(d) : `expects a number, got ${d ? formatType(d) : "no argument"}`;
const ordered = (d: DataType | null) =>
  d && d.id !== "null" ? d : `expects a column, got ${d ? formatType(d) : "no argument"}`;

/**
 * The one registry of aggregates. Nulls are skipped by every aggregate but count().
 *
 * @example
 * ```ts
 * import { aggregates } from "@datajax/core-ir";
 *
 * aggregates.mean.decomposable; // true
 * const unsplittable = Object.values(aggregates).filter((a) => !a.decomposable).map((a) => a.name); // ["var", "std", ...]
 * ```
 */
export const aggregates = {
  count: { name: "count", argument: "optional", decomposable: true, resultType: () => t.int64, resultNullable: false, doc: "count() counts rows; count(x) counts non-null x" },
  sum: {
    name: "sum", argument: "required", decomposable: true, resultNullable: true,
    resultType: numeric((d) => (isInteger(d) ? (isSignedInteger(d) ? t.int64 : t.uint64) : t.float64)),
    doc: "sum of non-null values; null when there are none",
  },
  mean: { name: "mean", argument: "required", decomposable: true, resultNullable: true, resultType: numeric(() => t.float64), doc: "arithmetic mean; null when there are no values" },
  min: { name: "min", argument: "required", decomposable: true, resultNullable: true, resultType: ordered, doc: "smallest non-null value" },
  max: { name: "max", argument: "required", decomposable: true, resultNullable: true, resultType: ordered, doc: "largest non-null value" },
  // Merging variances needs Chan's formula, which no registry aggregate computes yet: not split.
  var: { name: "var", argument: "required", decomposable: false, resultNullable: true, resultType: numeric(() => t.float64), doc: "sample variance (n - 1); null for fewer than two values" },
  std: { name: "std", argument: "required", decomposable: false, resultNullable: true, resultType: numeric(() => t.float64), doc: "sample standard deviation (n - 1); null for fewer than two values" },
  first: { name: "first", argument: "required", decomposable: false, resultNullable: true, resultType: ordered, doc: "first non-null value in input order" },
  last: { name: "last", argument: "required", decomposable: false, resultNullable: true, resultType: ordered, doc: "last non-null value in input order" },
  count_distinct: { name: "count_distinct", argument: "required", decomposable: false, resultNullable: false, resultType: (d: DataType | null) => { const r = ordered(d); return typeof r === "string" ? r : t.int64; }, doc: "number of distinct non-null values" },
} satisfies Record<string, AggregateDef>;

/**
 * The name of a registered aggregate (`"count"`, `"sum"`, `"mean"`...).
 *
 * @example
 * ```ts
 * import { Expr, type AggregateName } from "@datajax/core-ir";
 *
 * const fn: AggregateName = "max";
 * const longest = Expr.aggregate(fn, Expr.column("trip_distance"));
 * ```
 */
export type AggregateName = keyof typeof aggregates;

/**
 * Looks up an aggregate definition by name.
 *
 * @example
 * ```ts
 * import { aggregateDef } from "@datajax/core-ir";
 *
 * aggregateDef("count").argument; // "optional"
 * aggregateDef("std").doc; // "sample standard deviation (n - 1); null for fewer than two values"
 * ```
 */
export function aggregateDef(name: AggregateName): AggregateDef {
  return aggregates[name];
}

/**
 * Whether `name` is a registered aggregate name (narrows it to AggregateName).
 *
 * @example
 * ```ts
 * import { Expr, isAggregateName } from "@datajax/core-ir";
 *
 * const name: string = "mean";
 * if (isAggregateName(name)) Expr.aggregate(name, Expr.column("fare_amount"));
 * isAggregateName("median"); // false
 * ```
 */
export function isAggregateName(name: string): name is AggregateName {
  return Object.hasOwn(aggregates, name);
}
