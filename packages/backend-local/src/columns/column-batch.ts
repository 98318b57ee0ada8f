import type { Schema } from "@datajax/core-ir";
import type { Column } from "./column.js";

/** One batch of rows as the backend computes with it: columns in schema order. */
export interface ColumnBatch {
  readonly schema: Schema;
  readonly length: number;
  readonly columns: readonly Column[];
}

export function columnBatch(schema: Schema, length: number, columns: readonly Column[]): ColumnBatch {
  return { schema, length, columns };
}
