import type { DataType } from "../types/data-type.js";
import type { OpName } from "./operators.js";
import type { AggregateName } from "./aggregates.js";

/** A literal's value. int64/uint64 literals may be bigint; dates are days, timestamps are in their unit. */
export type LiteralValue = null | boolean | number | bigint | string;

/** Extra, static parameters of a call (the target type of a cast, the digits of a round). */
export interface CallOptions {
  readonly to?: DataType;
  readonly decimals?: number;
}

export interface ColumnExpr {
  readonly kind: "column";
  readonly name: string;
}
export interface LiteralExpr {
  readonly kind: "literal";
  readonly value: LiteralValue;
  readonly type: DataType;
}
export interface CallExpr {
  readonly kind: "call";
  readonly op: OpName;
  readonly args: readonly Expr[];
  readonly options?: CallOptions;
}

/** A scalar (row-wise) expression. Types are not stored: they follow from the schema in scope (resolveExpr). */
export type Expr = ColumnExpr | LiteralExpr | CallExpr;

/** One aggregate: `fn(arg)`; `arg` is null only for `count()` (count rows). */
export interface AggregateExpr {
  readonly fn: AggregateName;
  readonly arg: Expr | null;
}

export const Expr = {
  column: (name: string): ColumnExpr => Object.freeze({ kind: "column", name }),
  literal: (value: LiteralValue, type: DataType): LiteralExpr => Object.freeze({ kind: "literal", value, type }),
  call: (op: OpName, args: readonly Expr[], options?: CallOptions): CallExpr =>
    Object.freeze(options ? { kind: "call", op, args: Object.freeze([...args]), options: Object.freeze({ ...options }) } : { kind: "call", op, args: Object.freeze([...args]) }),
  aggregate: (fn: AggregateName, arg: Expr | null): AggregateExpr => Object.freeze({ fn, arg }),
};

/** Every column name an expression reads, in first-seen order. */
export function columnsOf(e: Expr, out: string[] = []): string[] {
  if (e.kind === "column") {
    if (!out.includes(e.name)) out.push(e.name);
  } else if (e.kind === "call") {
    for (const a of e.args) columnsOf(a, out);
  }
  return out;
}

/** Rebuilds `e` bottom-up, replacing each sub-expression by `f(sub)` (f sees already-rewritten children). */
export function rewriteExpr(e: Expr, f: (e: Expr) => Expr): Expr {
  if (e.kind === "call") {
    const args = e.args.map((a) => rewriteExpr(a, f));
    const changed = args.some((a, i) => a !== e.args[i]);
    return f(changed ? Expr.call(e.op, args, e.options) : e);
  }
  return f(e);
}

/** Replaces column references by the expressions bound to their names (used to fuse Maps). */
export function substituteColumns(e: Expr, bindings: ReadonlyMap<string, Expr>): Expr {
  return rewriteExpr(e, (x) => (x.kind === "column" && bindings.has(x.name) ? bindings.get(x.name)! : x));
}

/** Structural equality of two expressions. */
export function sameExpr(a: Expr, b: Expr): boolean {
  return exprKey(a) === exprKey(b);
}

/** A canonical string for an expression (for hashing, caching, and CSE). */
export function exprKey(e: Expr): string {
  // JSON.stringify writes NaN and ±Infinity as null and -0 as 0; keep them distinct from those.
  return JSON.stringify(e, (_k, v) =>
    typeof v === "bigint" ? `${v}n` : typeof v === "number" && (!Number.isFinite(v) || Object.is(v, -0)) ? { $float: Object.is(v, -0) ? "-0" : String(v) } : v,
  );
}
