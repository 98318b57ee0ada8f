import { formatType, isInteger, isNumeric, isSignedInteger, t, type DataType } from "../types/data-type.js";

/**
 * One aggregate function. `decomposable` means it splits into a partial aggregate per partition
 * and a final merge (used for partial aggregation before exchanges and joins).
 */
export interface AggregateDef {
  readonly name: string;
  /** `optional` only for count: count() counts rows, count(x) non-null values. */
  readonly argument: "required" | "optional";
  readonly decomposable: boolean;
  readonly resultType: (arg: DataType | null) => DataType | string;
  /** Whether the result can be null (an empty group, or all inputs null). */
  readonly resultNullable: boolean;
  readonly doc: string;
}

const numeric = (f: (d: DataType) => DataType) => (d: DataType | null) =>
  d && isNumeric(d) ? f(d) : `expects a number, got ${d ? formatType(d) : "no argument"}`;
const ordered = (d: DataType | null) =>
  d && d.id !== "null" ? d : `expects a column, got ${d ? formatType(d) : "no argument"}`;

/** The one registry of aggregates. Nulls are skipped by every aggregate but count(). */
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

export type AggregateName = keyof typeof aggregates;

export function aggregateDef(name: AggregateName): AggregateDef {
  return aggregates[name];
}

export function isAggregateName(name: string): name is AggregateName {
  return Object.prototype.hasOwnProperty.call(aggregates, name);
}
