import { ColumnNotFoundError, TypeMismatchError } from "../errors/trace-errors.js";
import { isNumeric, isString, type DataType } from "../types/data-type.js";
import { fieldIndex, type Schema } from "../types/schema.js";
import { aggregateDef, type AggregateName } from "./aggregates.js";
import type { AggregateExpr, CallOptions, Expr, LiteralValue } from "./expr.js";
import { operatorDef, type OpName } from "./operators.js";
import { formatExpr } from "../print/format-expr.js";

/**
 * An expression annotated with its type, nullability and (for columns) input position.
 *
 * @example
 * ```ts
 * import { Expr, field, resolveExpr, schema, t, type TypedExpr } from "@datajax/core-ir";
 *
 * const trips = schema([field("PULocationID", t.int32, false), field("fare_amount", t.float64)]);
 * const typed: TypedExpr = resolveExpr(Expr.call("gt", [Expr.column("fare_amount"), Expr.literal(0, t.float64)]), trips);
 * typed.type; // { id: "bool" }
 * typed.nullable; // true: fare_amount is nullable
 * ```
 */
export type TypedExpr =
  | {
      /** A column reference. */
      readonly kind: "column";
      /** Column name. */
      readonly name: string;
      /** Position of the column in the input schema. */
      readonly index: number;
      /** The column's type. */
      readonly type: DataType;
      /** Whether the column is nullable. */
      readonly nullable: boolean;
    }
  | {
      /** A constant. */
      readonly kind: "literal";
      /** The constant value. */
      readonly value: LiteralValue;
      /** Its type. */
      readonly type: DataType;
      /** True only for a null value. */
      readonly nullable: boolean;
    }
  | {
      /** An operator call. */
      readonly kind: "call";
      /** Operator name. */
      readonly op: OpName;
      /** Typed arguments. */
      readonly args: readonly TypedExpr[];
      /** The call's static options, if any. */
      readonly options: CallOptions | undefined;
      /** Result type. */
      readonly type: DataType;
      /** Whether the result can be null. */
      readonly nullable: boolean;
    };

/**
 * An aggregate annotated with its typed argument and its result's type and nullability.
 *
 * @example
 * ```ts
 * import { Expr, field, formatType, resolveAggregate, schema, t, type TypedAggregate } from "@datajax/core-ir";
 *
 * const trips = schema([field("passenger_count", t.int8)]);
 * const typed: TypedAggregate = resolveAggregate(Expr.aggregate("sum", Expr.column("passenger_count")), trips);
 * formatType(typed.type); // "int64"
 * ```
 */
export interface TypedAggregate {
  /** Aggregate function name. */
  readonly fn: AggregateName;
  /** Typed argument; null for `count()`. */
  readonly arg: TypedExpr | null;
  /** Result type. */
  readonly type: DataType;
  /** Whether the result can be null. */
  readonly nullable: boolean;
}

/**
 * Type-checks `e` against `schema` and annotates every sub-expression. Throws ColumnNotFoundError
 * or TypeMismatchError naming `operation` (the user-facing verb, e.g. "filter") on bad input.
 *
 * @example
 * ```ts
 * import { ColumnNotFoundError, Expr, field, formatType, resolveExpr, schema, t } from "@datajax/core-ir";
 *
 * const trips = schema([field("fare_amount", t.float64), field("tip_amount", t.float64)]);
 * formatType(resolveExpr(Expr.call("add", [Expr.column("fare_amount"), Expr.column("tip_amount")]), trips).type); // "float64"
 * try {
 *   resolveExpr(Expr.column("fare_amout"), trips, "filter");
 * } catch (err) {
 *   if (err instanceof ColumnNotFoundError) console.error(err.message); // filter: no column named "fare_amout". Did you mean "fare_amount"? ...
 * }
 * ```
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

/**
 * Type-checks one aggregate against the schema of its (grouped) input. Throws TypeMismatchError
 * when a required argument is missing or has a type the aggregate does not accept (and
 * ColumnNotFoundError for an unknown column).
 *
 * @example
 * ```ts
 * import { Expr, field, resolveAggregate, schema, t, TypeMismatchError } from "@datajax/core-ir";
 *
 * const trips = schema([field("zone", t.utf8()), field("fare_amount", t.float64)]);
 * resolveAggregate(Expr.aggregate("mean", Expr.column("fare_amount")), trips).nullable; // true
 * try {
 *   resolveAggregate(Expr.aggregate("sum", Expr.column("zone")), trips);
 * } catch (err) {
 *   if (err instanceof TypeMismatchError) console.error(err.code); // "DJX_TYPE_MISMATCH"
 * }
 * ```
 */
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
