import type { ExecutionContext, StageMetrics } from "@datajax/core-ir";
import type { ColumnBatch } from "../columns/column-batch.js";
import type { PhysicalOperator, RunContext } from "./physical-operator.js";

/**
 * Runs one compiled stage (its operator tree `root`) as rank `rank` of `ranks`, reading the
 * earlier stages' outputs from `stageOutputs`; yields its batches, then reports its metrics.
 */
export async function* runStage(
  stageId: string, root: PhysicalOperator, stageOutputs: ReadonlyMap<string, readonly ColumnBatch[]>, execution: ExecutionContext, rank: number, ranks: number,
  report: (m: StageMetrics) => void,
): AsyncIterable<ColumnBatch> {
  const started = performance.now();
  const ctx: RunContext = { execution, stageOutputs, counters: { rowsIn: 0, bytesRead: 0, batches: 0 }, rank: { index: rank, count: ranks } };
  let rowsOut = 0;
  for await (const b of root.run(ctx)) {
    rowsOut += b.length;
    yield b;
  }
  report({
    stageId, wallMs: performance.now() - started, rowsIn: ctx.counters.rowsIn, rowsOut,
    bytesRead: ctx.counters.bytesRead, bytesExchanged: 0, batches: ctx.counters.batches, bufferBytes: process.memoryUsage().arrayBuffers, ...(ranks > 1 ? { rank } : {}),
  });
}

/** runStage to its end: the stage's batches on that rank and its metrics. */
export async function runStageToEnd(
  stageId: string, root: PhysicalOperator, stageOutputs: ReadonlyMap<string, readonly ColumnBatch[]>, execution: ExecutionContext, rank: number, ranks: number,
): Promise<{ batches: ColumnBatch[]; metrics: StageMetrics }> {
  const batches: ColumnBatch[] = [];
  let metrics: StageMetrics | undefined;
  for await (const b of runStage(stageId, root, stageOutputs, execution, rank, ranks, (m) => { metrics = m; })) batches.push(b);
  return { batches, metrics: metrics! };
}
