import type { Schema } from "@datajax/core-ir";
import type { Column } from "./column.js";

/**
 * One batch of rows as the backend computes with it: columns in schema order.
 *
 * @example
 * ```ts
 * import type { ColumnBatch } from "@datajax/backend-local";
 *
 * const columnNames = (b: ColumnBatch) => b.schema.fields.map((f, i) => `${f.name}: ${b.columns[i]!.nullCount} null(s)`);
 * ```
 */
export interface ColumnBatch {
  /** The batch's schema; `columns[i]` holds field i. */
  readonly schema: Schema;
  /** Rows in the batch (every column has this length). */
  readonly length: number;
  /** One column per schema field, in schema order. */
  readonly columns: readonly Column[];
}

export function columnBatch(schema: Schema, length: number, columns: readonly Column[]): ColumnBatch {
  return { schema, length, columns };
}
