import type * as arrow from "apache-arrow";
import { computedEverywhere, stageGraphToJson, stageIdOf, stageScans, toArrowSchema, walkPlan, type Backend, type CompiledStage, type ExecutionContext, type Stage, type StageGraph, type StageGraphJson, type StageMetrics } from "@datajax/core-ir";
import { toRecordBatch } from "./columns/arrow-export.js";
import { allNullColumn } from "./columns/column.js";
import { columnBatch, type ColumnBatch } from "./columns/column-batch.js";
import { buildOperator } from "./exec/build-operator.js";
import { KERNEL_COMPILER_VERSION } from "./codegen/kernel-disk-cache.js";
import { AdaptiveBroadcastRun } from "./spmd/adaptive-broadcast.js";
import type { PhysicalOperator } from "./exec/physical-operator.js";
import { runStage, runStageToEnd } from "./exec/run-stage.js";
import { RankThreads } from "./threads/rank-threads.js";
import type { RankJob } from "./threads/rank-worker.js";
import { isSharedTable } from "./threads/shared-table.js";
import { tableMessage } from "./threads/table-message.js";

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
 * rank's share, and a stage's output moves between ranks as its sharding says (see spmd/exchange),
 * except that a shuffle join whose build side turns out small (at most 10 MiB over all ranks)
 * becomes a broadcast join, as on the native backend (spmd/adaptive-broadcast). With `threads`
 * (see the constructor) the ranks of a stage run at once on worker threads.
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
  /** Threads that run a stage's ranks at once (the options' `threads`, default 1). */
  readonly threads: number;
  private readonly workers: RankThreads | null;
  private workerJobs = 0;

  /**
   * @param options - `threads` (default 1): with more, and a context of several ranks, the
   *   ranks of a stage run at once: rank r on the calling thread when r % threads is 0, else on
   *   worker thread r % threads. Only stages whose arguments are Arrow tables in shared memory
   *   (shareTable) and which call no UDF go to worker threads; the others, and the output stage,
   *   run on the calling thread. Throws RangeError for a `threads` that is not a positive integer.
   */
  constructor(options: LocalBackendOptions = {}) {
    const threads = options.threads ?? 1;
    if (!Number.isInteger(threads) || threads < 1) throw new RangeError(`backend-local: threads must be a positive integer, got ${threads}.`);
    this.threads = threads;
    this.workers = threads > 1 ? new RankThreads(threads - 1) : null;
  }

  /** How many rank jobs this backend has run on its worker threads (0 with one thread, or when no stage could go to them). */
  get jobsOnWorkers(): number {
    return this.workerJobs;
  }

  /** Stops the worker threads, if any (they do not keep the process alive; a later query starts them again). */
  async close(): Promise<void> {
    await this.workers?.close();
  }

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
    let graphJson: StageGraphJson | null = null;
    const broadcasts = new AdaptiveBroadcastRun<StageMetrics[]>(graph, ranks);
    /** Hands a stage's delivery to its readers, then reports its metrics with the bytes each rank sent. */
    const deliver = (stage: Stage, { received, bytesSent }: { received: ColumnBatch[][]; bytesSent: number[] }, metrics: StageMetrics[]) => {
      received.forEach((batches, r) => delivered[r]!.set(stage.id, batches));
      metrics.forEach((m, r) => context.onStageMetrics?.({ ...m, bytesExchanged: bytesSent[r] ?? 0 }));
    };
    for (const stage of graph.stages) {
      if (stage.id === graph.output) continue;
      const released = broadcasts.release(stage.id);
      if (released) deliver(released.stage, released.delivery, released.extra);
      const c = compiledStage(stage);
      const onThisThread = (r: number) => runStageToEnd(stage.id, c.root, delivered[r]!, context, r, ranks);
      const args = this.workers && ranks > 1 ? threadArguments(stage, context) : null;
      let results: { batches: readonly ColumnBatch[]; metrics: StageMetrics }[];
      if (args === null) {
        results = [];
        for (let r = 0; r < ranks; r++) results.push(await onThisThread(r));
      } else {
        graphJson ??= stageGraphToJson(graph);
        const job = { graph: graphJson, stageId: stage.id, ranks, args };
        const reads = new Set(stageScans(stage.plan));
        results = await Promise.all(Array.from({ length: ranks }, (_v, r) => {
          const t = r % this.threads;
          if (t === 0) return onThisThread(r);
          this.workerJobs++;
          return this.workers!.run(t - 1, { ...job, rank: r, delivered: [...delivered[r]!].filter(([id]) => reads.has(id)) });
        }));
      }
      // A stage's metrics come after its exchange (for a join's left stage: just before its join).
      const metrics = results.map((x) => x.metrics);
      const delivery = broadcasts.deliver(stage, results.map((x) => [...x.batches]), metrics);
      if (delivery) deliver(stage, delivery, metrics);
    }
    const arrowSchema = toArrowSchema(output.schema);
    const empty = () => toRecordBatch(columnBatch(output.schema, 0, output.schema.fields.map((f) => allNullColumn(f.type, 0))), output.schema, arrowSchema);
    // Each rank holds part of the result; when it is replicated every rank holds all of it, and rank 0's copy is yielded.
    const replicated = ranks > 1 && computedEverywhere(output.plan);
    let emitted = false;
    for (let r = 0; r < ranks; r++) {
      for await (const b of runStage(output.id, compiledStage(output).root, delivered[r]!, context, r, ranks, (m) => context.onStageMetrics?.(m))) {
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
}

/**
 * Options of a LocalBackend (see its constructor).
 *
 * @example
 * ```ts
 * import { tableFromArrays } from "apache-arrow";
 * import { BACKEND_TOKEN } from "@datajax/core-ir";
 * import { createContainer } from "@datajax/runtime";
 * import { count, pjit, Resource, type Frame } from "@datajax/transforms";
 * import { LocalBackend, shareTable, type LocalBackendOptions } from "@datajax/backend-local";
 *
 * const options: LocalBackendOptions = { threads: 2 };
 * const backend = new LocalBackend(options);
 * const container = createContainer();
 * container.register(BACKEND_TOKEN, { useValue: backend });
 * const trips = shareTable(tableFromArrays({ zone: Int32Array.from([1, 2, 1]) })); // worker threads read it in place
 * const byZone = pjit((t: Frame) => t.groupBy("zone").agg({ n: count() }), { container, resource: new Resource({ axes: { data: 2 } }) });
 * console.log((await byZone(trips)).numRows); // 2 (rank 1 ran on a worker thread)
 * await backend.close();
 * ```
 */
export interface LocalBackendOptions {
  /** Threads that run a stage's ranks at once: the calling one and `threads - 1` worker threads (default 1). */
  readonly threads?: number;
}

const tableIds = new WeakMap<arrow.Table, number>();
let nextTableId = 0;

/**
 * The arguments of a stage as worker threads receive them, or null when the stage must run on the
 * calling thread: it calls a UDF (its implementation is a function of this thread), or it scans an
 * argument that is not an Arrow table in shared memory (isSharedTable).
 */
function threadArguments(stage: Stage, context: ExecutionContext): RankJob["args"] | null {
  const args: RankJob["args"][number][] = [];
  let runnable = true;
  walkPlan(stage.plan, (n) => {
    if (n.kind === "CustomUDF") runnable = false;
    if (n.kind !== "Scan" || stageIdOf(n.source) !== null) return;
    const slot = n.source.slot ?? 0;
    const source = context.arguments.get(slot) as { kind?: string; name?: string; table?: arrow.Table } | undefined;
    if (source?.kind !== "arrow-table" || !source.table || !isSharedTable(source.table)) {
      runnable = false;
      return;
    }
    if (args.some((a) => a.slot === slot)) return;
    let tableId = tableIds.get(source.table);
    if (tableId === undefined) {
      tableId = nextTableId++;
      tableIds.set(source.table, tableId);
    }
    args.push({ slot, name: source.name ?? "table", tableId, table: tableMessage(source.table) });
  });
  return runnable ? args : null;
}
