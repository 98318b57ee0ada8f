import { isInteger, isSignedInteger, type AggregateName, type TypedAggregate } from "@datajax/core-ir";
import { exprSql, type ColumnSql } from "./expression-sql.js";
import { ORD } from "./sql-text.js";

type AggregateSql = (x: string, a: TypedAggregate) => string;

/**
 * One SQL aggregate per registry aggregate; all skip nulls as SQL does. first/last read the
 * relation's row-order column, so "first in input order" is exact.
 */
const aggregateSql: Record<AggregateName, AggregateSql> = {
  count: (x) => (x === "" ? "count(*)" : `count(${x})`),
  // DuckDB sums integers into HUGEINT; the IR's result is int64 (uint64 for unsigned inputs).
  sum: (x, a) => (isInteger(a.arg!.type) ? `CAST(sum(${x}) AS ${isSignedInteger(a.arg!.type) ? "BIGINT" : "UBIGINT"})` : `sum(CAST(${x} AS DOUBLE))`),
  mean: (x) => `avg(CAST(${x} AS DOUBLE))`,
  min: (x) => `min(${x})`,
  max: (x) => `max(${x})`,
  var: (x) => `var_samp(CAST(${x} AS DOUBLE))`,
  std: (x) => `stddev_samp(CAST(${x} AS DOUBLE))`,
  first: (x) => `arg_min(${x}, ${ORD}) FILTER (WHERE ${x} IS NOT NULL)`,
  last: (x) => `arg_max(${x}, ${ORD}) FILTER (WHERE ${x} IS NOT NULL)`,
  count_distinct: (x) => `count(DISTINCT ${x})`,
};

/** SQL of one aggregate over the relation in scope, in the compute type of its result. */
export function aggregateExprSql(a: TypedAggregate, column: ColumnSql): string {
  return aggregateSql[a.fn](a.arg ? exprSql(a.arg, column) : "", a);
}
