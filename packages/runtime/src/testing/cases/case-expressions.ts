import { Expr, type AggregateName, type CallOptions, type DataType, type LiteralValue, type NamedAggregate, type OpName } from "@datajax/core-ir";

// Short spellings of core-ir expressions for the case files.

export const col = (name: string): Expr => Expr.column(name);
export const lit = (value: LiteralValue, type: DataType): Expr => Expr.literal(value, type);
export const call = (op: OpName, ...args: Expr[]): Expr => Expr.call(op, args);
export const callWith = (op: OpName, options: CallOptions, ...args: Expr[]): Expr => Expr.call(op, args, options);
/** `name = fn(column)`, or `name = count()` when `column` is null. */
export const agg = (name: string, fn: AggregateName, arg: string | Expr | null): NamedAggregate => ({
  name,
  agg: Expr.aggregate(fn, typeof arg === "string" ? Expr.column(arg) : arg),
});
