import { isFloat, isInteger, isNumeric, promoteNumeric, sameLogicalType, t, type DataType, type OpName, type TypedExpr } from "@datajax/core-ir";
import { computeType } from "./duckdb-types.js";
import { floorDiv, floorMod, wrapInteger, wrapsAtWidth } from "./integer-arithmetic.js";
import { literalSql } from "./sql-text.js";
import { dateText, timestampText, UNITS_PER_SECOND, unitsPerDay } from "./temporal-sql.js";

type CallExpr = Extract<TypedExpr, { kind: "call" }>;
/** SQL for a column of the relation in scope, in its compute type. */
export type ColumnSql = (name: string, type: DataType) => string;

/** One argument already rendered: its SQL (in its compute type), type and nullability. */
interface Arg {
  readonly sql: string;
  readonly type: DataType;
  readonly nullable: boolean;
}

/** Renders one operator; the result is in the compute type of `call.type`. */
type OperatorSql = (args: readonly Arg[], call: CallExpr) => string;

const NAN = "CAST('nan' AS DOUBLE)";

/** `sql` converted from the compute type of `from` to that of `to` (numeric widening, null literals). */
export function convert(sql: string, from: DataType, to: DataType): string {
  if (from.id === "null") return `CAST(NULL AS ${computeType(to)})`;
  return computeType(from) === computeType(to) ? sql : `CAST(${sql} AS ${computeType(to)})`;
}

/** `body`, but null whenever an argument is: for bodies (CASE...) that would otherwise swallow a null. */
function nullIfAnyNull(args: readonly Arg[], body: string): string {
  const nullable = args.filter((a) => a.nullable);
  if (nullable.length === 0) return body;
  return `CASE WHEN ${nullable.map((a) => `${a.sql} IS NULL`).join(" OR ")} THEN NULL ELSE ${body} END`;
}

/** A wider DuckDB type in which a ≤ 32-bit integer operation is exact. */
const wideFor = (op: OpName): string => (op === "mul" ? "HUGEINT" : "BIGINT");

const arithmetic = (symbol: string): OperatorSql => ([a, b], call) => {
  const type = call.type;
  if (isInteger(type) && wrapsAtWidth(type)) {
    const w = wideFor(call.op);
    return wrapInteger(type, `CAST(${a!.sql} AS ${w}) ${symbol} CAST(${b!.sql} AS ${w})`);
  }
  return `(${convert(a!.sql, a!.type, type)} ${symbol} ${convert(b!.sql, b!.type, type)})`;
};

/** floor(a / b) for integers in an exact wider type; null when b is 0. */
function integerFloorDiv(a: string, b: string): string {
  return `CASE WHEN ${b} = 0 THEN NULL ELSE (${a}) // (${b}) - CASE WHEN (${a}) % (${b}) <> 0 AND ((${a}) < 0) <> ((${b}) < 0) THEN 1 ELSE 0 END END`;
}

/** a - b * floor(a / b) (the sign of b); for integers null when b is 0, for floats fmod adjusted. */
function signOfDivisorMod(a: string, b: string, integer: boolean): string {
  const r = `((${a}) % (${b}))`;
  const adjusted = `CASE WHEN ${r} <> 0 AND (${r} < 0) <> ((${b}) < 0) THEN ${r} + (${b}) ELSE ${r} END`;
  return integer ? `CASE WHEN ${b} = 0 THEN NULL ELSE ${adjusted} END` : adjusted;
}

const divisionLike = (kind: "floordiv" | "mod"): OperatorSql => ([a, b], call) => {
  const type = call.type;
  if (isInteger(type)) {
    const w = wrapsAtWidth(type) ? "BIGINT" : "HUGEINT";
    const x = `CAST(${a!.sql} AS ${w})`;
    const y = `CAST(${b!.sql} AS ${w})`;
    const exact = kind === "floordiv" ? integerFloorDiv(x, y) : signOfDivisorMod(x, y, true);
    return wrapsAtWidth(type) ? wrapInteger(type, exact) : `CAST(${exact} AS ${computeType(type)})`;
  }
  const x = convert(a!.sql, a!.type, type);
  const y = convert(b!.sql, b!.type, type);
  return kind === "floordiv" ? `floor(${x} / ${y})` : nullIfAnyNull([a!, b!], signOfDivisorMod(x, y, false));
};

/** Both sides of a comparison in one comparable form (numeric promotion, timestamps scaled to the finer unit). */
function comparable(a: Arg, b: Arg): [string, string, boolean] {
  if (isNumeric(a.type) && isNumeric(b.type)) {
    const common = promoteNumeric(a.type, b.type) ?? t.float64;
    return [convert(a.sql, a.type, common), convert(b.sql, b.type, common), isFloat(common)];
  }
  if (a.type.id === "timestamp" && b.type.id === "timestamp" && a.type.unit !== b.type.unit) {
    const ua = UNITS_PER_SECOND[a.type.unit];
    const ub = UNITS_PER_SECOND[b.type.unit];
    return ua < ub ? [`(CAST(${a.sql} AS HUGEINT) * ${ub / ua})`, b.sql, false] : [a.sql, `(CAST(${b.sql} AS HUGEINT) * ${ua / ub})`, false];
  }
  return [a.sql, b.sql, false];
}

/**
 * IEEE comparison: NaN compares false (and != true), where DuckDB orders NaN above every number
 * and makes NaN = NaN true.
 */
const comparison = (symbol: string): OperatorSql => ([a, b]) => {
  if (a!.type.id === "null" || b!.type.id === "null") return "CAST(NULL AS BOOLEAN)";
  const [x, y, float] = comparable(a!, b!);
  if (!float) return `(${x} ${symbol} ${y})`;
  return nullIfAnyNull([a!, b!], `CASE WHEN isnan(${x}) OR isnan(${y}) THEN ${symbol === "<>" ? "TRUE" : "FALSE"} ELSE ${x} ${symbol} ${y} END`);
};

/** A float function defined on part of its domain: `guarded` lists the IEEE answers DuckDB would raise an error for. */
const guardedFloat = (body: (x: string) => string): OperatorSql => ([a]) => nullIfAnyNull([a!], body(convert(a!.sql, a!.type, t.float64)));

const logarithm = (fn: string): OperatorSql => guardedFloat((x) => `CASE WHEN isnan(${x}) THEN ${x} WHEN ${x} > 0 THEN ${fn}(${x}) WHEN ${x} = 0 THEN CAST('-inf' AS DOUBLE) ELSE ${NAN} END`);

/** Whitespace as JavaScript's String.prototype.trim sees it (RE2 syntax). */
const JS_WHITESPACE = "[\\t\\n\\x0B\\f\\r\\p{Zs}\\x{2028}\\x{2029}\\x{FEFF}]";
const trimmed = (s: string) => `regexp_replace(${s}, '^${JS_WHITESPACE}+|${JS_WHITESPACE}+$', '', 'g')`;
// The reference's grammar (backend-local scalar/casts.ts) with JavaScript's whitespace spelled out: RE2's \s is ASCII only.
const INTEGER_TEXT = `^${JS_WHITESPACE}*[+-]?\\d+${JS_WHITESPACE}*$`;
const FLOAT_TEXT = `^${JS_WHITESPACE}*[+-]?(\\d+\\.?\\d*([eE][+-]?\\d+)?|\\.\\d+([eE][+-]?\\d+)?|inf|infinity|nan)${JS_WHITESPACE}*$`;

/** Days since the epoch of a date32 or timestamp operand. */
function daysOf(a: Arg): string {
  return a.type.id === "timestamp" ? floorDiv(a.sql, unitsPerDay(a.type.unit)) : a.sql;
}
const calendarPart = (fn: string): OperatorSql => ([a]) => `CAST(${fn}(DATE '1970-01-01' + CAST(${daysOf(a!)} AS INTEGER)) AS INTEGER)`;

/** hour/minute/second from the time of day (UTC; time zones are not applied, as in the local backend). */
const timePart = (perSeconds: number, modulo: number): OperatorSql => ([a]) => {
  if (a!.type.id !== "timestamp") throw new Error(`backend-duckdb: a time part needs a timestamp, got ${a!.type.id}`);
  const ups = UNITS_PER_SECOND[a!.type.unit];
  const timeOfDay = floorMod(a!.sql, ups * 86400);
  return `CAST((${timeOfDay} // ${ups * perSeconds}) % ${modulo} AS INTEGER)`;
};

/** cast: the conversions the local backend implements (see core-ir operators.cast). */
function castSql(a: Arg, to: DataType): string {
  const from = a.type;
  const v = a.sql;
  if (from.id === "null") return `CAST(NULL AS ${computeType(to)})`;
  if (sameLogicalType(from, to) && !(from.id === "timestamp" && to.id === "timestamp" && from.unit !== to.unit)) return v;
  const target = computeType(to);
  if (to.id === "utf8") {
    if (from.id === "bool") return `CASE WHEN ${v} THEN 'true' WHEN NOT ${v} THEN 'false' END`;
    if (from.id === "date32") return dateText(v);
    if (from.id === "timestamp") return timestampText(v, from.unit);
    if (isInteger(from)) return `CAST(${v} AS VARCHAR)`;
    throw new Error(`backend-duckdb: no faithful cast from ${from.id} to utf8 (see unsupported())`);
  }
  if (isInteger(to)) {
    if (from.id === "utf8") return `CASE WHEN regexp_matches(${v}, '${INTEGER_TEXT}') THEN TRY_CAST(${trimmed(v)} AS ${target}) END`;
    if (from.id === "bool") return `CAST(${v} AS ${target})`;
    if (isFloat(from)) return `TRY_CAST(trunc(${v}) AS ${target})`;
    return `TRY_CAST(${v} AS ${target})`;
  }
  if (isFloat(to)) {
    const rounded = (x: string) => (to.id === "float32" ? `CAST(CAST(${x} AS FLOAT) AS DOUBLE)` : `CAST(${x} AS DOUBLE)`);
    if (from.id === "utf8") return rounded(`CASE WHEN regexp_matches(${v}, '${FLOAT_TEXT}', 'i') THEN TRY_CAST(${trimmed(v)} AS DOUBLE) END`);
    return rounded(from.id === "bool" ? `CAST(${v} AS INTEGER)` : v);
  }
  if (to.id === "bool") return `(${v} <> 0)`;
  if (to.id === "timestamp") {
    if (from.id === "timestamp") {
      const ratio = UNITS_PER_SECOND[to.unit] / UNITS_PER_SECOND[from.unit];
      return ratio >= 1 ? `(${v} * ${ratio})` : floorDiv(v, 1 / ratio);
    }
    if (from.id === "date32") return `(CAST(${v} AS BIGINT) * ${unitsPerDay(to.unit)})`;
    return `CAST(${v} AS BIGINT)`;
  }
  if (to.id === "date32") {
    if (from.id === "timestamp") return `CAST(${floorDiv(v, unitsPerDay(from.unit))} AS INTEGER)`;
    return `TRY_CAST(${v} AS INTEGER)`;
  }
  throw new Error(`backend-duckdb: no cast from ${from.id} to ${to.id}`);
}

/** One SQL generator per registry operator: a new operator in core-ir fails to compile here. */
const operatorSql: Record<OpName, OperatorSql> = {
  add: arithmetic("+"),
  sub: arithmetic("-"),
  mul: arithmetic("*"),
  div: ([a, b], call) => `(${convert(a!.sql, a!.type, call.type)} / ${convert(b!.sql, b!.type, call.type)})`,
  floordiv: divisionLike("floordiv"),
  mod: divisionLike("mod"),
  neg: ([a], call) => (isInteger(call.type) && wrapsAtWidth(call.type) ? wrapInteger(call.type, `-CAST(${a!.sql} AS BIGINT)`) : `(-${a!.sql})`),
  eq: comparison("="),
  neq: comparison("<>"),
  lt: comparison("<"),
  lte: comparison("<="),
  gt: comparison(">"),
  gte: comparison(">="),
  and: ([a, b]) => `(${a!.sql} AND ${b!.sql})`,
  or: ([a, b]) => `(${a!.sql} OR ${b!.sql})`,
  not: ([a]) => `(NOT ${a!.sql})`,
  is_null: ([a]) => `(${a!.sql} IS NULL)`,
  is_not_null: ([a]) => `(${a!.sql} IS NOT NULL)`,
  fill_null: (args, call) => `COALESCE(${args.map((a) => convert(a.sql, a.type, call.type)).join(", ")})`,
  coalesce: (args, call) => `COALESCE(${args.map((a) => convert(a.sql, a.type, call.type)).join(", ")})`,
  cast: ([a], call) => (a!.nullable ? nullIfAnyNull([a!], castSql(a!, call.type)) : castSql(a!, call.type)),
  abs: ([a], call) => (isInteger(call.type) && wrapsAtWidth(call.type) ? wrapInteger(call.type, `abs(CAST(${a!.sql} AS BIGINT))`) : `abs(${a!.sql})`),
  sqrt: guardedFloat((x) => `CASE WHEN ${x} < 0 THEN ${NAN} ELSE sqrt(${x}) END`),
  exp: ([a], call) => `exp(${convert(a!.sql, a!.type, call.type)})`,
  log: logarithm("ln"),
  log10: logarithm("log10"),
  pow: ([a, b], call) => `pow(${convert(a!.sql, a!.type, call.type)}, ${convert(b!.sql, b!.type, call.type)})`,
  floor: ([a], call) => (isInteger(call.type) ? a!.sql : `floor(${a!.sql})`),
  ceil: ([a], call) => (isInteger(call.type) ? a!.sql : `ceil(${a!.sql})`),
  round: ([a], call) => {
    const decimals = call.options?.decimals ?? 0;
    if (isInteger(call.type) && decimals >= 0) return a!.sql;
    // Half away from zero exactly as the reference computes it: floor(|v| * 10^d + 0.5) / 10^d.
    const f = literalSql(10 ** decimals, t.float64);
    const x = `CAST(${a!.sql} AS DOUBLE)`;
    const rounded = `CASE WHEN isinf(${x}) OR isnan(${x}) THEN ${x} WHEN ${x} < 0 THEN -(floor(abs(${x}) * ${f} + 0.5) / ${f}) ELSE floor(abs(${x}) * ${f} + 0.5) / ${f} END`;
    return isInteger(call.type) ? nullIfAnyNull([a!], wrapsAtWidth(call.type) ? wrapInteger(call.type, `CAST(${rounded} AS HUGEINT)`) : `CAST(${rounded} AS ${computeType(call.type)})`) : nullIfAnyNull([a!], rounded);
  },
  lower: ([a]) => `lower(${a!.sql})`,
  upper: ([a]) => `upper(${a!.sql})`,
  trim: ([a]) => trimmed(a!.sql),
  length: ([a]) => `CAST(length(${a!.sql}) AS INTEGER)`,
  contains: ([a, b]) => `contains(${a!.sql}, ${b!.sql})`,
  starts_with: ([a, b]) => `starts_with(${a!.sql}, ${b!.sql})`,
  ends_with: ([a, b]) => `suffix(${a!.sql}, ${b!.sql})`,
  concat: (args) => `(${args.map((a) => a.sql).join(" || ")})`,
  substring: (args) => {
    const [s, start, len] = args.map((a) => a.sql) as [string, string, string];
    const from = `CASE WHEN ${start} < 0 THEN greatest(0, length(${s}) + ${start}) ELSE ${start} END`;
    return nullIfAnyNull(args, `CASE WHEN ${len} <= 0 THEN '' ELSE substring(${s}, CAST(${from} AS BIGINT) + 1, CAST(${len} AS BIGINT)) END`);
  },
  year: calendarPart("year"),
  month: calendarPart("month"),
  day: calendarPart("day"),
  weekday: calendarPart("isodow"),
  day_of_year: calendarPart("dayofyear"),
  hour: timePart(3600, 24),
  minute: timePart(60, 60),
  second: timePart(1, 60),
  if_else: ([c, a, b], call) => `CASE WHEN ${c!.sql} THEN ${convert(a!.sql, a!.type, call.type)} ELSE ${convert(b!.sql, b!.type, call.type)} END`,
};

/** SQL for a typed expression, in the compute type of its type (see duckdb-types). */
export function exprSql(e: TypedExpr, column: ColumnSql): string {
  switch (e.kind) {
    case "column":
      return column(e.name, e.type);
    case "literal":
      return literalSql(e.value, e.type);
    case "call": {
      const args = e.args.map((a) => ({ sql: exprSql(a, column), type: a.type, nullable: a.nullable }));
      return operatorSql[e.op](args, e);
    }
  }
}

