import type * as arrow from "apache-arrow";
import { computedEverywhere, toArrowSchema, type Backend, type CompiledStage, type ExecutionContext, type Stage, type StageGraph, type StageMetrics } from "@datajax/core-ir";
import { toRecordBatch } from "./columns/arrow-export.js";
import { allNullColumn } from "./columns/column.js";
import { columnBatch, type ColumnBatch } from "./columns/column-batch.js";
import { buildOperator } from "./exec/build-operator.js";
import { KERNEL_COMPILER_VERSION } from "./codegen/kernel-disk-cache.js";
import { exchange } from "./spmd/exchange.js";
import type { PhysicalOperator, RunContext } from "./exec/physical-operator.js";

/**
 * A stage compiled by the local backend: a tree of physical operators with generated kernels.
 *
 * @example
 * ```ts
 * import { tableFromArrays } from "apache-arrow";
 * import { col, djit, type Frame } from "@datajax/datajax";
 * import { LocalBackend } from "@datajax/backend-local";
 *
 * const trips = tableFromArrays({ fare_amount: Float64Array.from([12.5, -3]) });
 * const { stages } = djit((t: Frame) => t.filter(col("fare_amount").gt(0))).lower(trips);
 * console.log(new LocalBackend().compile(stages.stages[0]!).describe()); // "stage s0 (local)" and its operators
 * ```
 */
export class LocalCompiledStage implements CompiledStage {
  /**
   * @param stage - The stage that was compiled.
   * @param root - The root of its physical operator tree.
   */
  constructor(
    /** The stage that was compiled. */
    readonly stage: Stage,
    /** The root of the stage's physical operator tree. */
    readonly root: PhysicalOperator,
  ) {}
  /** `stage <id> (local)`, then one indented line per physical operator. */
  describe(): string {
    return [`stage ${this.stage.id} (local)`, ...this.root.describe(1)].join("\n");
  }
}

/**
 * The reference backend: single process, pure TypeScript over Arrow buffers. Stages run in graph
 * order; every stage but the output one is materialized for the stages that read it, and the
 * output stage streams its batches to the caller as Arrow record batches. With `ranks` > 1 in the
 * context it simulates that many SPMD ranks: every stage runs once per rank, each scan reads its
 * rank's share, and a stage's output moves between ranks as its sharding says (see spmd/exchange).
 *
 * @example
 * ```ts
 * import { createContainer, Executor, resolveBackend } from "@datajax/runtime";
 * import { LocalBackend, registerLocalBackend } from "@datajax/backend-local";
 *
 * const container = createContainer();
 * registerLocalBackend(container);
 * resolveBackend(container) instanceof LocalBackend; // true
 * const executor = new Executor(new LocalBackend()); // or use it directly
 * ```
 */
export class LocalBackend implements Backend {
  /** Always `"local"`: the id to name in `djit(fn, { backend: "local" })`. */
  readonly id = "local";
  /** KERNEL_COMPILER_VERSION: part of every compiled-stage cache key. */
  readonly compilerVersion = KERNEL_COMPILER_VERSION;

  /** Builds the stage's physical operator tree (kernels are generated, or taken from the kernel cache). */
  compile(stage: Stage): LocalCompiledStage {
    return new LocalCompiledStage(stage, buildOperator(stage.plan));
  }

  /**
   * Runs the graph's stages in order (compiling any stage missing from `compiled`) and yields the
   * output stage's batches; at least one batch, empty when there are no rows. Throws RangeError
   * for a `context.ranks` that is not a positive integer.
   */
  async *execute(graph: StageGraph, compiled: ReadonlyMap<string, CompiledStage>, context: ExecutionContext): AsyncIterable<arrow.RecordBatch> {
    const ranks = context.ranks ?? 1;
    if (!Number.isInteger(ranks) || ranks < 1) throw new RangeError(`backend-local: ranks must be a positive integer, got ${ranks}.`);
    const compiledStage = (s: Stage): LocalCompiledStage => {
      const c = compiled.get(s.id);
      return c instanceof LocalCompiledStage ? c : this.compile(s);
    };
    const output = graph.stages.find((s) => s.id === graph.output);
    if (!output) throw new Error(`backend-local: the output stage "${graph.output}" is not in the graph (stages: ${graph.stages.map((s) => s.id).join(", ")}).`);
    // Per rank, the materialized outputs of the stages run so far, as delivered by their exchange.
    const delivered: Map<string, ColumnBatch[]>[] = Array.from({ length: ranks }, () => new Map());
    for (const stage of graph.stages) {
      if (stage.id === graph.output) continue;
      const produced: ColumnBatch[][] = [];
      const metrics: StageMetrics[] = [];
      for (let r = 0; r < ranks; r++) {
        const batches: ColumnBatch[] = [];
        for await (const b of this.runStage(compiledStage(stage), delivered[r]!, context, r, ranks, (m) => metrics.push(m))) batches.push(b);
        produced.push(batches);
      }
      const { received, bytesSent } = ranks === 1 ? { received: produced, bytesSent: [0] } : exchange(produced, stage);
      received.forEach((batches, r) => delivered[r]!.set(stage.id, batches));
      // A stage's metrics come after its exchange, with the bytes each rank sent to the others.
      metrics.forEach((m, r) => context.onStageMetrics?.({ ...m, bytesExchanged: bytesSent[r] ?? 0 }));
    }
    const arrowSchema = toArrowSchema(output.schema);
    const empty = () => toRecordBatch(columnBatch(output.schema, 0, output.schema.fields.map((f) => allNullColumn(f.type, 0))), output.schema, arrowSchema);
    // Each rank holds part of the result; when it is replicated every rank holds all of it, and rank 0's copy is yielded.
    const replicated = ranks > 1 && computedEverywhere(output.plan);
    let emitted = false;
    for (let r = 0; r < ranks; r++) {
      for await (const b of this.runStage(compiledStage(output), delivered[r]!, context, r, ranks)) {
        const copy = replicated && r > 0;
        if (copy && !context.onRankBatch) continue;
        const rb = toRecordBatch(b, output.schema, arrowSchema);
        context.onRankBatch?.(r, rb);
        if (copy) continue;
        emitted = true;
        yield rb;
      }
    }
    if (!emitted) yield empty();
  }

  private async *runStage(c: LocalCompiledStage, stageOutputs: ReadonlyMap<string, readonly ColumnBatch[]>, execution: ExecutionContext, rank: number, ranks: number, report: (m: StageMetrics) => void = (m) => execution.onStageMetrics?.(m)): AsyncIterable<ColumnBatch> {
    const started = performance.now();
    const ctx: RunContext = { execution, stageOutputs, counters: { rowsIn: 0, bytesRead: 0, batches: 0 }, rank: { index: rank, count: ranks } };
    let rowsOut = 0;
    for await (const b of c.root.run(ctx)) {
      rowsOut += b.length;
      yield b;
    }
    const metrics: StageMetrics = {
      stageId: c.stage.id, wallMs: performance.now() - started, rowsIn: ctx.counters.rowsIn, rowsOut,
      bytesRead: ctx.counters.bytesRead, bytesExchanged: 0, batches: ctx.counters.batches, bufferBytes: process.memoryUsage().arrayBuffers, ...(ranks > 1 ? { rank } : {}),
    };
    report(metrics);
  }
}
