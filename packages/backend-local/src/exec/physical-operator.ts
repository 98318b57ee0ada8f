import type { ExecutionContext, Schema } from "@datajax/core-ir";
import type { ColumnBatch } from "../columns/column-batch.js";

/** What a running stage shares with its operators. */
export interface RunContext {
  readonly execution: ExecutionContext;
  /** Materialized outputs of the stages already run, by stage id. */
  readonly stageOutputs: ReadonlyMap<string, readonly ColumnBatch[]>;
  readonly counters: { rowsIn: number; bytesRead: number; batches: number };
  /** The (simulated) rank this run of the stage is, of how many. */
  readonly rank: { readonly index: number; readonly count: number };
}

/** A compiled plan node: pulls batches from its inputs and yields its own. */
export interface PhysicalOperator {
  readonly schema: Schema;
  run(ctx: RunContext): AsyncIterable<ColumnBatch>;
  /** Lines describing what was compiled (indented by depth). */
  describe(depth: number): string[];
}

export const indent = (depth: number): string => "  ".repeat(depth);
