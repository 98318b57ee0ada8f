import { DataJaxError } from "./datajax-error.js";
import { closestMatch } from "../text/closest-match.js";
import type { Schema } from "../types/schema.js";
import { formatSchema } from "../types/schema.js";

/**
 * A column an operation asked for does not exist in the schema in scope. Raised at trace time.
 * Code `DJX_COLUMN_NOT_FOUND`; the message suggests a close name and prints the schema.
 *
 * @example
 * ```ts
 * import { ColumnNotFoundError, Expr, field, FilterNode, ScanNode, schema, t } from "@datajax/core-ir";
 *
 * const trips = ScanNode.create({ kind: "argument", name: "trips", uri: "arg:0", slot: 0 }, schema([field("fare_amount", t.float64)]));
 * try {
 *   FilterNode.create(trips, Expr.call("is_null", [Expr.column("fare_amout")]));
 * } catch (err) {
 *   if (err instanceof ColumnNotFoundError) console.error(err.code, err.column, err.suggestion); // "DJX_COLUMN_NOT_FOUND" "fare_amout" "fare_amount"
 * }
 * ```
 */
export class ColumnNotFoundError extends DataJaxError {
  /** The name that was asked for. */
  readonly column: string;
  /** The operation that asked for it (`filter`, `group_by`, `with_columns tip_ratio`...). */
  readonly operation: string;
  /** The closest existing column name when the name looks like a typo of it, else undefined. */
  readonly suggestion: string | undefined;
  constructor(operation: string, column: string, schema: Schema) {
    const suggestion = closestMatch(column, schema.fields.map((f) => f.name));
    super(
      "DJX_COLUMN_NOT_FOUND",
      `${operation}: no column named "${column}".` +
        (suggestion !== undefined ? ` Did you mean "${suggestion}"?` : "") +
        `\n  schema in scope: ${formatSchema(schema)}`,
    );
    this.column = column;
    this.operation = operation;
    this.suggestion = suggestion;
  }
}

/**
 * An operation was applied to types it does not accept (utf8 + int32, a non-bool filter...).
 * Code `DJX_TYPE_MISMATCH`; the message says what was wrong and how to fix it.
 *
 * @example
 * ```ts
 * import { Expr, field, FilterNode, ScanNode, schema, t, TypeMismatchError } from "@datajax/core-ir";
 *
 * const trips = ScanNode.create({ kind: "argument", name: "trips", uri: "arg:0", slot: 0 }, schema([field("fare_amount", t.float64)]));
 * try {
 *   FilterNode.create(trips, Expr.column("fare_amount")); // a float64, not a bool
 * } catch (err) {
 *   if (err instanceof TypeMismatchError) console.error(err.code, err.operation); // "DJX_TYPE_MISMATCH" "filter"
 * }
 * ```
 */
export class TypeMismatchError extends DataJaxError {
  /** The operation that was applied (`filter`, `join`, `agg total`...). */
  readonly operation: string;
  constructor(operation: string, problem: string, hint: string, schema?: Schema) {
    super(
      "DJX_TYPE_MISMATCH",
      `${operation}: ${problem}. ${hint}` + (schema ? `\n  schema in scope: ${formatSchema(schema)}` : ""),
    );
    this.operation = operation;
  }
}

/**
 * A plan is malformed (wrong arity, duplicate output names, a GroupBy not under an Aggregate...).
 * Code `DJX_INVALID_PLAN`.
 *
 * @example
 * ```ts
 * import { field, GroupByNode, PlanValidationError, ScanNode, schema, t } from "@datajax/core-ir";
 *
 * const trips = ScanNode.create({ kind: "argument", name: "trips", uri: "arg:0", slot: 0 }, schema([field("fare_amount", t.float64)]));
 * try {
 *   GroupByNode.create(trips, []);
 * } catch (err) {
 *   if (err instanceof PlanValidationError) console.error(err.code); // "DJX_INVALID_PLAN"
 * }
 * ```
 */
export class PlanValidationError extends DataJaxError {
  constructor(message: string) {
    super("DJX_INVALID_PLAN", message);
  }
}

/**
 * JSON that does not describe a valid plan, expression or schema. Code `DJX_BAD_PLAN_JSON`;
 * `cause` holds the node factory's error when a node was rejected.
 *
 * @example
 * ```ts
 * import { planFromJson, PlanSerializationError } from "@datajax/core-ir";
 *
 * try {
 *   planFromJson({ format: "datajax-plan", version: 2, nodes: [], root: 0 });
 * } catch (err) {
 *   if (err instanceof PlanSerializationError) console.error(err.code, err.message); // "DJX_BAD_PLAN_JSON" "not a valid DataJAX plan: version: ..."
 * }
 * ```
 */
export class PlanSerializationError extends DataJaxError {
  constructor(message: string, options?: { cause?: unknown }) {
    super("DJX_BAD_PLAN_JSON", message, options);
  }
}
