import type { DataType } from "../types/data-type.js";
import type { OpName } from "./operators.js";
import type { AggregateName } from "./aggregates.js";

/**
 * A literal's value. int64/uint64 literals may be bigint; dates are days since the epoch,
 * timestamps an integer count of their unit.
 *
 * @example
 * ```ts
 * import { Expr, t, type LiteralValue } from "@datajax/core-ir";
 *
 * const big: LiteralValue = 9007199254740993n;
 * const limit = Expr.literal(big, t.int64);
 * const day = Expr.literal(19723 satisfies LiteralValue, t.date32); // 2024-01-01
 * ```
 */
export type LiteralValue = null | boolean | number | bigint | string;

/**
 * Extra, static parameters of a call (the target type of a cast, the digits of a round).
 *
 * @example
 * ```ts
 * import { Expr, t, type CallOptions } from "@datajax/core-ir";
 *
 * const toText: CallOptions = { to: t.utf8() };
 * Expr.call("cast", [Expr.column("PULocationID")], toText);
 * Expr.call("round", [Expr.column("fare_amount")], { decimals: 2 });
 * ```
 */
export interface CallOptions {
  /** Target type of a `cast`. */
  readonly to?: DataType;
  /** Digits after the decimal point for `round` (default 0). */
  readonly decimals?: number;
}

/**
 * A reference to a column of the input, by name.
 *
 * @example
 * ```ts
 * import { Expr, type ColumnExpr } from "@datajax/core-ir";
 *
 * const fare: ColumnExpr = Expr.column("fare_amount"); // { kind: "column", name: "fare_amount" }
 * ```
 */
export interface ColumnExpr {
  /** Discriminant of the Expr union. */
  readonly kind: "column";
  /** Column name in the schema in scope. */
  readonly name: string;
}
/**
 * A constant with its type; a `null` value with any type is a typed null.
 *
 * @example
 * ```ts
 * import { Expr, t, type LiteralExpr } from "@datajax/core-ir";
 *
 * const zero: LiteralExpr = Expr.literal(0, t.float64);
 * const missing: LiteralExpr = Expr.literal(null, t.utf8());
 * ```
 */
export interface LiteralExpr {
  /** Discriminant of the Expr union. */
  readonly kind: "literal";
  /** The constant value. */
  readonly value: LiteralValue;
  /** The value's type. */
  readonly type: DataType;
}
/**
 * A registered operator (see `operators`) applied to argument expressions.
 *
 * @example
 * ```ts
 * import { Expr, formatExpr, t, type CallExpr } from "@datajax/core-ir";
 *
 * const positive: CallExpr = Expr.call("gt", [Expr.column("fare_amount"), Expr.literal(0, t.float64)]);
 * formatExpr(positive); // "fare_amount > 0.0"
 * ```
 */
export interface CallExpr {
  /** Discriminant of the Expr union. */
  readonly kind: "call";
  /** Operator name from the registry. */
  readonly op: OpName;
  /** Argument expressions, in order. */
  readonly args: readonly Expr[];
  /** Static parameters (cast target, round digits), for the operators that take them. */
  readonly options?: CallOptions;
}

/**
 * A scalar (row-wise) expression. Types are not stored: they follow from the schema in scope (resolveExpr).
 *
 * @example
 * ```ts
 * import { Expr, formatExpr, t } from "@datajax/core-ir";
 *
 * const tipRatio: Expr = Expr.call("div", [Expr.column("tip_amount"), Expr.column("total_amount")]);
 * const generous: Expr = Expr.call("gt", [tipRatio, Expr.literal(0.2, t.float64)]);
 * formatExpr(generous); // "(tip_amount / total_amount) > 0.2"
 * ```
 */
export type Expr = ColumnExpr | LiteralExpr | CallExpr;

/**
 * One aggregate: `fn(arg)`; `arg` is null only for `count()` (count rows).
 *
 * @example
 * ```ts
 * import { Expr, type AggregateExpr } from "@datajax/core-ir";
 *
 * const meanFare: AggregateExpr = Expr.aggregate("mean", Expr.column("fare_amount"));
 * const rows: AggregateExpr = Expr.aggregate("count", null);
 * ```
 */
export interface AggregateExpr {
  /** Aggregate function name from the registry. */
  readonly fn: AggregateName;
  /** Argument expression; null only for `count()`. */
  readonly arg: Expr | null;
}

/**
 * Constructors of expressions; every value they return is frozen (arguments and options included).
 *
 * @example
 * ```ts
 * import { Expr, t } from "@datajax/core-ir";
 *
 * const fare = Expr.column("fare_amount");
 * const positive = Expr.call("gt", [fare, Expr.literal(0, t.float64)]);
 * const total = Expr.aggregate("sum", fare);
 * ```
 */
export const Expr = {
  /** A reference to the column `name`. */
  column: (name: string): ColumnExpr => Object.freeze({ kind: "column", name }),
  /** A constant `value` of `type`. */
  literal: (value: LiteralValue, type: DataType): LiteralExpr => Object.freeze({ kind: "literal", value, type }),
  /** Operator `op` over `args`, with static `options` for the operators that take them. */
  call: (op: OpName, args: readonly Expr[], options?: CallOptions): CallExpr =>
    Object.freeze(options ? { kind: "call", op, args: Object.freeze([...args]), options: Object.freeze({ ...options }) } : { kind: "call", op, args: Object.freeze([...args]) }),
  /** Aggregate `fn` over `arg` (null only for `count()`). */
  aggregate: (fn: AggregateName, arg: Expr | null): AggregateExpr => Object.freeze({ fn, arg }),
};

/**
 * Every column name an expression reads, in first-seen order; appends to `out` when given and
 * returns it.
 *
 * @example
 * ```ts
 * import { columnsOf, Expr } from "@datajax/core-ir";
 *
 * const e = Expr.call("add", [Expr.column("fare_amount"), Expr.call("mul", [Expr.column("tip_amount"), Expr.column("fare_amount")])]);
 * columnsOf(e); // ["fare_amount", "tip_amount"]
 * ```
 */
export function columnsOf(e: Expr, out: string[] = []): string[] {
  if (e.kind === "column") {
    if (!out.includes(e.name)) out.push(e.name);
  } else if (e.kind === "call") {
    for (const a of e.args) columnsOf(a, out);
  }
  return out;
}

/**
 * Rebuilds `e` bottom-up, replacing each sub-expression by `f(sub)` (f sees already-rewritten
 * children). Unchanged subtrees are returned as they are (same objects).
 *
 * @example
 * ```ts
 * import { Expr, formatExpr, rewriteExpr, t } from "@datajax/core-ir";
 *
 * const e = Expr.call("gt", [Expr.column("fare"), Expr.literal(0, t.float64)]);
 * const renamed = rewriteExpr(e, (x) => (x.kind === "column" && x.name === "fare" ? Expr.column("fare_amount") : x));
 * formatExpr(renamed); // "fare_amount > 0.0"
 * ```
 */
export function rewriteExpr(e: Expr, f: (e: Expr) => Expr): Expr {
  if (e.kind === "call") {
    const args = e.args.map((a) => rewriteExpr(a, f));
    const changed = args.some((a, i) => a !== e.args[i]);
    return f(changed ? Expr.call(e.op, args, e.options) : e);
  }
  return f(e);
}

/**
 * Replaces column references by the expressions bound to their names (used to fuse Maps);
 * columns without a binding stay.
 *
 * @example
 * ```ts
 * import { Expr, formatExpr, substituteColumns } from "@datajax/core-ir";
 *
 * const total = Expr.call("add", [Expr.column("fare_amount"), Expr.column("tip_amount")]);
 * const e = substituteColumns(Expr.call("neg", [Expr.column("total")]), new Map([["total", total]]));
 * formatExpr(e); // "-(fare_amount + tip_amount)"
 * ```
 */
export function substituteColumns(e: Expr, bindings: ReadonlyMap<string, Expr>): Expr {
  return rewriteExpr(e, (x) => (x.kind === "column" && bindings.has(x.name) ? bindings.get(x.name)! : x));
}

/**
 * Structural equality of two expressions (same tree, same literal values and types).
 *
 * @example
 * ```ts
 * import { Expr, sameExpr, t } from "@datajax/core-ir";
 *
 * sameExpr(Expr.literal(1, t.int32), Expr.literal(1, t.int32)); // true
 * sameExpr(Expr.literal(1, t.int32), Expr.literal(1, t.int64)); // false
 * ```
 */
export function sameExpr(a: Expr, b: Expr): boolean {
  return exprKey(a) === exprKey(b);
}

/**
 * A canonical string for an expression (for hashing, caching, and CSE): equal strings mean equal
 * expressions; bigints, NaN, ±Infinity and -0 stay distinct.
 *
 * @example
 * ```ts
 * import { Expr, exprKey } from "@datajax/core-ir";
 *
 * exprKey(Expr.column("fare_amount")); // '{"kind":"column","name":"fare_amount"}'
 * const seen = new Set([exprKey(Expr.column("fare_amount"))]);
 * ```
 */
export function exprKey(e: Expr): string {
  // JSON.stringify writes NaN and ±Infinity as null and -0 as 0; keep them distinct from those.
  return JSON.stringify(e, (_k, v) =>
    typeof v === "bigint" ? `${v}n` : typeof v === "number" && (!Number.isFinite(v) || Object.is(v, -0)) ? { $float: Object.is(v, -0) ? "-0" : String(v) } : v,
  );
}
