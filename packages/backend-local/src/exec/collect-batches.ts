import type { Schema } from "@datajax/core-ir";
import { allNullColumn } from "../columns/column.js";
import { columnBatch, type ColumnBatch } from "../columns/column-batch.js";
import { concatColumns } from "../columns/concat.js";
import type { PhysicalOperator, RunContext } from "./physical-operator.js";

/** Drains an operator into one batch (the state a pipeline breaker holds). */
export async function collectBatch(input: PhysicalOperator, ctx: RunContext): Promise<ColumnBatch> {
  const batches: ColumnBatch[] = [];
  for await (const b of input.run(ctx)) if (b.length > 0) batches.push(b);
  return concatBatches(input.schema, batches);
}

export function concatBatches(schema: Schema, batches: readonly ColumnBatch[]): ColumnBatch {
  if (batches.length === 1) return batches[0]!;
  const length = batches.reduce((n, b) => n + b.length, 0);
  const columns = schema.fields.map((f, i) =>
    batches.length === 0 ? allNullColumn(f.type, 0) : concatColumns(f.type, batches.map((b) => b.columns[i]!)),
  );
  return columnBatch(schema, length, columns);
}
