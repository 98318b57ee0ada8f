import type { ExecutionContext, Schema } from "@datajax/core-ir";
import type { ColumnBatch } from "../columns/column-batch.js";

/**
 * What a running stage shares with its operators.
 *
 * @example
 * ```ts
 * import type { PhysicalOperator, RunContext } from "@datajax/backend-local";
 *
 * async function rowsOf(op: PhysicalOperator, ctx: RunContext): Promise<number> {
 *   let rows = 0;
 *   for await (const batch of op.run(ctx)) rows += batch.length;
 *   return rows; // ctx.counters now also holds what the scans read
 * }
 * ```
 */
export interface RunContext {
  /** What the executor handed the backend for this run: arguments, UDFs, callbacks. */
  readonly execution: ExecutionContext;
  /** Materialized outputs of the stages already run, by stage id. */
  readonly stageOutputs: ReadonlyMap<string, readonly ColumnBatch[]>;
  /** Counters the stage's scans add to: rows, bytes and batches read. */
  readonly counters: { rowsIn: number; bytesRead: number; batches: number };
  /** The (simulated) rank this run of the stage is, of how many. */
  readonly rank: { readonly index: number; readonly count: number };
}

/**
 * A compiled plan node: pulls batches from its inputs and yields its own.
 *
 * @example
 * ```ts
 * import type { LocalCompiledStage, PhysicalOperator } from "@datajax/backend-local";
 *
 * function explainStage(compiled: LocalCompiledStage): string {
 *   const root: PhysicalOperator = compiled.root;
 *   return root.describe(0).join("\n");
 * }
 * ```
 */
export interface PhysicalOperator {
  /** The schema of the batches it yields. */
  readonly schema: Schema;
  /** Pulls from its inputs and yields its batches (columns in `schema` order). */
  run(ctx: RunContext): AsyncIterable<ColumnBatch>;
  /** Lines describing what was compiled (indented by depth). */
  describe(depth: number): string[];
}

export const indent = (depth: number): string => "  ".repeat(depth);
