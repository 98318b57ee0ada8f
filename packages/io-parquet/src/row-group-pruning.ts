import type { ColumnStatistics, Expr, LiteralValue, Schema } from "@datajax/core-ir";
import { findField } from "@datajax/core-ir";
import { compareValues } from "./row-group-statistics.js";

const FLIPPED: Record<string, string> = { lt: "gt", lte: "gte", gt: "lt", gte: "lte", eq: "eq", neq: "neq" };
const NUMERIC = new Set(["int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "uint64", "float32", "float64"]);

/**
 * Whether a row group may hold a row for which `filter` is true, judged from its min/max and
 * null counts. Conservative: any expression it does not understand may match. Understood:
 * `and`, `or`, `not` over them is not (it may match), comparisons (`eq neq lt lte gt gte`) between
 * a column and a literal of a comparable type, `is_null`, `is_not_null`. SQL null semantics make
 * a comparison on an all-null row group false, so such a group is skipped.
 *
 * @example
 * ```ts
 * import { Expr, field, schema, t } from "@datajax/core-ir";
 * import { rowGroupMayMatch } from "@datajax/io-parquet";
 * const fareOver100 = Expr.call("gt", [Expr.column("fare"), Expr.literal(100, t.float64)]);
 * const stats = new Map([["fare", { min: 2.5, max: 80, nullCount: 0 }]]);
 * rowGroupMayMatch(fareOver100, stats, 10_000, schema([field("fare", t.float64)])); // false: max 80 < 100
 * ```
 */
export function rowGroupMayMatch(filter: Expr, stats: ReadonlyMap<string, ColumnStatistics>, numRows: number, schema: Schema): boolean {
  if (filter.kind === "literal") return filter.value !== false && filter.value !== null;
  if (filter.kind !== "call") return true;
  const [a, b] = filter.args;
  switch (filter.op) {
    case "and":
      return filter.args.every((x) => rowGroupMayMatch(x, stats, numRows, schema));
    case "or":
      return filter.args.some((x) => rowGroupMayMatch(x, stats, numRows, schema));
    case "is_null":
      if (a?.kind !== "column") return true;
      return stats.get(a.name)?.nullCount !== 0;
    case "is_not_null":
      if (a?.kind !== "column") return true;
      return stats.get(a.name)?.nullCount !== numRows;
    case "eq":
    case "neq":
    case "lt":
    case "lte":
    case "gt":
    case "gte": {
      if (a?.kind === "column" && b?.kind === "literal") return comparisonMayMatch(filter.op, a.name, b.value, b.type.id, b.type, stats, numRows, schema);
      if (a?.kind === "literal" && b?.kind === "column") return comparisonMayMatch(FLIPPED[filter.op]!, b.name, a.value, a.type.id, a.type, stats, numRows, schema);
      return true;
    }
    default:
      return true;
  }
}

function comparisonMayMatch(op: string, column: string, value: LiteralValue, literalTypeId: string, literalType: unknown, stats: ReadonlyMap<string, ColumnStatistics>, numRows: number, schema: Schema): boolean {
  const s = stats.get(column);
  if (!s) return true;
  if (s.nullCount === numRows) return false; // every row compares to null
  if (value === null) return false; // comparison with a null literal is null for every row
  const field = findField(schema, column);
  if (!field || !comparable(field.type.id, literalTypeId, field.type, literalType)) return true;
  if (s.min === undefined || s.min === null || s.max === undefined || s.max === null) return true;
  if (typeof value === "boolean" || typeof s.min === "boolean") return true;
  if (typeof value === "number" && Number.isNaN(value)) return true;
  const vsMin = compareValues(value, s.min);
  const vsMax = compareValues(value, s.max);
  switch (op) {
    case "eq":
      return vsMin >= 0 && vsMax <= 0;
    case "neq":
      return !(vsMin === 0 && vsMax === 0);
    case "lt":
      return compareValues(s.min, value) < 0;
    case "lte":
      return compareValues(s.min, value) <= 0;
    case "gt":
      return compareValues(s.max, value) > 0;
    case "gte":
      return compareValues(s.max, value) >= 0;
    default:
      return true;
  }
}

/** Statistics and literal are in the same units: numbers with numbers, strings with strings, same-unit temporals. */
function comparable(columnType: string, literalType: string, column: unknown, literal: unknown): boolean {
  if (NUMERIC.has(columnType) && NUMERIC.has(literalType)) return true;
  if (columnType === "utf8" && literalType === "utf8") return true;
  if (columnType === "date32" && literalType === "date32") return true;
  if (columnType === "timestamp" && literalType === "timestamp") return (column as { unit: string }).unit === (literal as { unit: string }).unit;
  return false;
}
