import { DataJaxError } from "./datajax-error.js";
import { closestMatch } from "../text/closest-match.js";
import type { Schema } from "../types/schema.js";
import { formatSchema } from "../types/schema.js";

/** A column an operation asked for does not exist in the schema in scope. Raised at trace time. */
export class ColumnNotFoundError extends DataJaxError {
  readonly column: string;
  readonly operation: string;
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

/** An operation was applied to types it does not accept (utf8 + int32, a non-bool filter...). */
export class TypeMismatchError extends DataJaxError {
  readonly operation: string;
  constructor(operation: string, problem: string, hint: string, schema?: Schema) {
    super(
      "DJX_TYPE_MISMATCH",
      `${operation}: ${problem}. ${hint}` + (schema ? `\n  schema in scope: ${formatSchema(schema)}` : ""),
    );
    this.operation = operation;
  }
}

/** A plan is malformed (wrong arity, duplicate output names, a GroupBy not under an Aggregate...). */
export class PlanValidationError extends DataJaxError {
  constructor(message: string) {
    super("DJX_INVALID_PLAN", message);
  }
}

/** JSON that does not describe a valid plan, expression or schema. */
export class PlanSerializationError extends DataJaxError {
  constructor(message: string, options?: { cause?: unknown }) {
    super("DJX_BAD_PLAN_JSON", message, options);
  }
}
