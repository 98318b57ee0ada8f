import type * as arrow from "apache-arrow";
import { toArrowSchema, type Backend, type CompiledStage, type ExecutionContext, type Stage, type StageGraph, type StageMetrics } from "@datajax/core-ir";
import { toRecordBatch } from "./columns/arrow-export.js";
import { allNullColumn } from "./columns/column.js";
import { columnBatch, type ColumnBatch } from "./columns/column-batch.js";
import { buildOperator } from "./exec/build-operator.js";
import type { PhysicalOperator, RunContext } from "./exec/physical-operator.js";

/** A stage compiled by the local backend: a tree of physical operators with generated kernels. */
export class LocalCompiledStage implements CompiledStage {
  constructor(readonly stage: Stage, readonly root: PhysicalOperator) {}
  describe(): string {
    return [`stage ${this.stage.id} (local)`, ...this.root.describe(1)].join("\n");
  }
}

/**
 * The reference backend: single process, pure TypeScript over Arrow buffers. Stages run in graph
 * order; every stage but the output one is materialized for the stages that read it, and the
 * output stage streams its batches to the caller as Arrow record batches.
 */
export class LocalBackend implements Backend {
  readonly id = "local";
  readonly compilerVersion = "backend-local/0.1.0";

  compile(stage: Stage): LocalCompiledStage {
    return new LocalCompiledStage(stage, buildOperator(stage.plan));
  }

  async *execute(graph: StageGraph, compiled: ReadonlyMap<string, CompiledStage>, context: ExecutionContext): AsyncIterable<arrow.RecordBatch> {
    const stageOutputs = new Map<string, ColumnBatch[]>();
    const compiledStage = (s: Stage): LocalCompiledStage => {
      const c = compiled.get(s.id);
      return c instanceof LocalCompiledStage ? c : this.compile(s);
    };
    for (const stage of graph.stages) {
      if (stage.id === graph.output) continue;
      const batches: ColumnBatch[] = [];
      for await (const b of this.runStage(compiledStage(stage), stageOutputs, context)) batches.push(b);
      stageOutputs.set(stage.id, batches);
    }
    const output = graph.stages.find((s) => s.id === graph.output);
    if (!output) throw new Error(`backend-local: the output stage "${graph.output}" is not in the graph (stages: ${graph.stages.map((s) => s.id).join(", ")}).`);
    const arrowSchema = toArrowSchema(output.schema);
    let emitted = false;
    for await (const b of this.runStage(compiledStage(output), stageOutputs, context)) {
      emitted = true;
      yield toRecordBatch(b, output.schema, arrowSchema);
    }
    if (!emitted) {
      const empty = columnBatch(output.schema, 0, output.schema.fields.map((f) => allNullColumn(f.type, 0)));
      yield toRecordBatch(empty, output.schema, arrowSchema);
    }
  }

  private async *runStage(c: LocalCompiledStage, stageOutputs: ReadonlyMap<string, readonly ColumnBatch[]>, execution: ExecutionContext): AsyncIterable<ColumnBatch> {
    const started = performance.now();
    const ctx: RunContext = { execution, stageOutputs, counters: { rowsIn: 0, bytesRead: 0, batches: 0 } };
    let rowsOut = 0;
    for await (const b of c.root.run(ctx)) {
      rowsOut += b.length;
      yield b;
    }
    const metrics: StageMetrics = {
      stageId: c.stage.id, wallMs: performance.now() - started, rowsIn: ctx.counters.rowsIn, rowsOut,
      bytesRead: ctx.counters.bytesRead, bytesExchanged: 0, batches: ctx.counters.batches,
    };
    execution.onStageMetrics?.(metrics);
  }
}
