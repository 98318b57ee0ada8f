import { ColumnNotFoundError, TypeMismatchError } from "../errors/trace-errors.js";
import { isNumeric, isString, type DataType } from "../types/data-type.js";
import { fieldIndex, type Schema } from "../types/schema.js";
import { aggregateDef, type AggregateName } from "./aggregates.js";
import type { AggregateExpr, CallOptions, Expr, LiteralValue } from "./expr.js";
import { operatorDef, type OpName } from "./operators.js";
import { formatExpr } from "../print/format-expr.js";

/** An expression annotated with its type, nullability and (for columns) input position. */
export type TypedExpr =
  | { readonly kind: "column"; readonly name: string; readonly index: number; readonly type: DataType; readonly nullable: boolean }
  | { readonly kind: "literal"; readonly value: LiteralValue; readonly type: DataType; readonly nullable: boolean }
  | {
      readonly kind: "call";
      readonly op: OpName;
      readonly args: readonly TypedExpr[];
      readonly options: CallOptions | undefined;
      readonly type: DataType;
      readonly nullable: boolean;
    };

export interface TypedAggregate {
  readonly fn: AggregateName;
  readonly arg: TypedExpr | null;
  readonly type: DataType;
  readonly nullable: boolean;
}

/**
 * Type-checks `e` against `schema` and annotates every sub-expression. Throws ColumnNotFoundError
 * or TypeMismatchError naming `operation` (the user-facing verb, e.g. "filter") on bad input.
 */
export function resolveExpr(e: Expr, schema: Schema, operation = "expression"): TypedExpr {
  switch (e.kind) {
    case "column": {
      const index = fieldIndex(schema, e.name);
      if (index < 0) throw new ColumnNotFoundError(operation, e.name, schema);
      const f = schema.fields[index]!;
      return { kind: "column", name: e.name, index, type: f.type, nullable: f.nullable };
    }
    case "literal":
      return { kind: "literal", value: e.value, type: e.type, nullable: e.value === null };
    case "call": {
      const def = operatorDef(e.op);
      const [min, max] = typeof def.arity === "number" ? [def.arity, def.arity] : def.arity;
      if (e.args.length < min || e.args.length > max) {
        throw new TypeMismatchError(operation, `${e.op} takes ${min === max ? min : `${min}..${max}`} argument(s), got ${e.args.length}`, "Check the call's arguments.", schema);
      }
      const args = e.args.map((a) => resolveExpr(a, schema, operation));
      const result = def.resultType(args, e.options);
      if (typeof result === "string") {
        throw new TypeMismatchError(
          operation,
          `${e.op} ${result} in ${formatExpr(e)}`,
          typeHint(e.op, args),
          schema,
        );
      }
      const nullable = def.resultNullable ? def.resultNullable(args, e.options) : args.some((a) => a.nullable);
      return { kind: "call", op: e.op, args, options: e.options, type: result, nullable };
    }
  }
}

function typeHint(op: OpName, args: readonly TypedExpr[]): string {
  // isString also covers dictionary-encoded strings (`dict<utf8>`), which Parquet readers produce.
  if (args.some((a) => isString(a.type)) && args.some((a) => isNumeric(a.type))) {
    return "Cast one side first, e.g. col(\"x\").cast(t.float64) or col(\"n\").cast(t.utf8()).";
  }
  if (op === "and" || op === "or" || op === "not") return "Build a boolean first with a comparison such as col(\"x\").gt(0).";
  return `See the operator table for ${op}.`;
}

/** Type-checks one aggregate against the schema of its (grouped) input. */
export function resolveAggregate(a: AggregateExpr, schema: Schema, operation = "aggregate"): TypedAggregate {
  const def = aggregateDef(a.fn);
  if (a.arg === null && def.argument === "required") {
    throw new TypeMismatchError(operation, `${a.fn} needs a column`, `Write ${a.fn}("column").`, schema);
  }
  const arg = a.arg === null ? null : resolveExpr(a.arg, schema, operation);
  const result = def.resultType(arg ? arg.type : null);
  if (typeof result === "string") {
    throw new TypeMismatchError(operation, `${a.fn} ${result}`, `Pick a ${a.fn === "sum" || a.fn === "mean" || a.fn === "var" || a.fn === "std" ? "numeric" : "non-null-typed"} column.`, schema);
  }
  return { fn: a.fn, arg, type: result, nullable: def.resultNullable };
}
