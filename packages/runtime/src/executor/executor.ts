import { Table, type RecordBatch } from "apache-arrow";
import {
  ARGUMENT_SOURCE_KIND,
  toArrowSchema,
  walkPlan,
  type Backend,
  type CompiledStage,
  type DataSource,
  type StageGraph,
  type StageMetrics,
  type UdfImplementation,
} from "@datajax/core-ir";
import { ArgumentBindingError, UdfNotFoundError, UnsupportedStageError } from "../errors/runtime-errors.js";
import type { BackendFallback, RunMetrics } from "../metrics/run-metrics.js";
import { sharedCompiledStageCache, type CompiledStageCache } from "./compiled-stage-cache.js";
import { unsupportedFeatures } from "./unsupported-features.js";

/**
 * What Executor.run and Executor.stream need besides the graph: the data bound to each argument
 * slot, the UDF implementations, and optional progress, cancellation and rank settings.
 *
 * @example
 * ```ts
 * import { tableFromArrays } from "apache-arrow";
 * import { tableSource, type RunOptions } from "@datajax/runtime";
 *
 * const trips = tableFromArrays({ fare_amount: Float64Array.from([12.5, 8, 31.2]) });
 * const options: RunOptions = {
 *   arguments: new Map([[0, tableSource(trips, "trips")]]),
 *   onProgress: (done, total) => console.log(`${done}/${total}`),
 *   signal: AbortSignal.timeout(60_000),
 * };
 * ```
 */
export interface RunOptions {
  /** Data for each argument slot of the graph. */
  readonly arguments: ReadonlyMap<number, DataSource>;
  /** Implementations of the graph's CustomUDF nodes, by name (default none: a UDF node then fails with UdfNotFoundError). */
  readonly udfs?: ReadonlyMap<string, UdfImplementation>;
  /** Called as scans make progress: units (row groups, batches) done of units total. */
  readonly onProgress?: (done: number, total: number) => void;
  /** Aborts the run when signalled. */
  readonly signal?: AbortSignal;
  /** The ranks the graph's shardings span (default 1); the backend runs every stage on each. */
  readonly ranks?: number;
}

/**
 * What Executor.run resolves to: the output as one Arrow table, the run's metrics and, with
 * several ranks, each rank's rows.
 *
 * @example
 * ```ts
 * import { formatMetrics, type RunResult } from "@datajax/runtime";
 *
 * function report({ table, metrics }: RunResult): void {
 *   console.log(`${table.numRows} rows in ${metrics.wallMs.toFixed(1)} ms`);
 *   console.log(formatMetrics(metrics));
 * }
 * ```
 */
export interface RunResult {
  /** Every output batch, collected into one table (empty, with the output's schema, when there are none). */
  readonly table: Table;
  /** Counters of the run and of each stage. */
  readonly metrics: RunMetrics;
  /** With several ranks: the rows each rank holds at the end (index = rank), the per-rank view. */
  readonly ranks?: readonly Table[];
}

/**
 * How an Executor compiles: the compiled-stage cache (default: the process-wide one) and the
 * backend that runs a graph its own backend reports it cannot run (see `Backend.unsupported`).
 *
 * @example
 * ```ts
 * import { CompiledStageCache, Executor, type ExecutorOptions } from "@datajax/runtime";
 * import { LocalBackend } from "@datajax/backend-local";
 * import type { Backend } from "@datajax/core-ir";
 *
 * function withFallback(sqlBackend: Backend): Executor {
 *   const options: ExecutorOptions = { fallback: new LocalBackend(), cache: new CompiledStageCache() };
 *   return new Executor(sqlBackend, options);
 * }
 * ```
 */
export interface ExecutorOptions {
  /** Where compiled stages are kept; default: sharedCompiledStageCache. */
  readonly cache?: CompiledStageCache;
  /** The backend that runs the whole graph when the executor's own backend reports it cannot; default none. */
  readonly fallback?: Backend;
}

/**
 * The backend a graph runs on and, when it is the fallback, why (Executor.chooseBackend).
 *
 * @example
 * ```ts
 * import type { Executor } from "@datajax/runtime";
 * import type { StageGraph } from "@datajax/core-ir";
 *
 * function whereItRuns(executor: Executor, graph: StageGraph): string {
 *   const { backend, fallback } = executor.chooseBackend(graph);
 *   return fallback ? `${backend.id} (fallback from ${fallback.from})` : backend.id;
 * }
 * ```
 */
export interface BackendChoice {
  /** The backend that compiles and runs the graph. */
  readonly backend: Backend;
  /** Set when `backend` is the executor's fallback: from which backend, and why. */
  readonly fallback?: BackendFallback;
}

/**
 * Compiles a stage graph on one backend (through the compiled-stage cache) and runs it. Before
 * compiling it asks the backend what it cannot run: then the whole graph runs on the fallback
 * backend (recorded in `RunMetrics.fallback`), or, without one, UnsupportedStageError is thrown.
 * It also checks, before anything runs, that every argument slot has data (else
 * ArgumentBindingError) and every UDF an implementation (else UdfNotFoundError).
 *
 * @example
 * ```ts
 * import { tableFromArrays } from "apache-arrow";
 * import { col, djit, type Frame } from "@datajax/transforms";
 * import { createContainer, Executor, resolveBackend, tableSource } from "@datajax/runtime";
 * import { registerLocalBackend } from "@datajax/backend-local";
 *
 * const container = createContainer();
 * registerLocalBackend(container);
 * const trips = tableFromArrays({ fare_amount: Float64Array.from([12.5, -3, 31.2]) });
 * const { stages } = djit((t: Frame) => t.filter(col("fare_amount").gt(0)), { container }).lower(trips);
 * const { table, metrics } = await new Executor(resolveBackend(container)).run(stages, { arguments: new Map([[0, tableSource(trips)]]) });
 * ```
 */
export class Executor {
  private readonly cache: CompiledStageCache;
  /** The backend used when `backend` reports stages it cannot run. */
  readonly fallback: Backend | undefined;

  /**
   * @param backend - The backend every stage compiles and runs on, unless it cannot run the graph.
   * @param options - The compiled-stage cache and the fallback backend.
   */
  constructor(
    /** The backend every stage compiles and runs on, unless it reports it cannot run the graph. */
    readonly backend: Backend,
    options: ExecutorOptions = {},
  ) {
    this.cache = options.cache ?? sharedCompiledStageCache;
    this.fallback = options.fallback;
  }

  /** The backend that runs `graph`: this executor's, or its fallback when that cannot run all of it. */
  chooseBackend(graph: StageGraph): BackendChoice {
    const missing = unsupportedFeatures(this.backend, graph);
    if (missing.length === 0) return { backend: this.backend };
    if (!this.fallback || this.fallback === this.backend) throw new UnsupportedStageError(this.backend.id, missing);
    const fallbackMissing = unsupportedFeatures(this.fallback, graph);
    if (fallbackMissing.length > 0) throw new UnsupportedStageError(this.fallback.id, fallbackMissing);
    return { backend: this.fallback, fallback: { from: this.backend.id, to: this.fallback.id, reasons: missing } };
  }

  /**
   * Compiles every stage on the chosen backend (see chooseBackend); returns the compiled stages,
   * how many came from the cache, and the choice.
   */
  compile(graph: StageGraph): { compiled: Map<string, CompiledStage>; reused: number; choice: BackendChoice } {
    const choice = this.chooseBackend(graph);
    const compiled = new Map<string, CompiledStage>();
    let reused = 0;
    for (const stage of graph.stages) {
      const r = this.cache.getOrCompile(choice.backend, stage);
      if (r.hit) reused++;
      compiled.set(stage.id, r.compiled);
    }
    return { compiled, reused, choice };
  }

  /** Streams the output stage's batches (bindings are checked first; no metrics are collected unless `stageMetrics` is given). */
  stream(graph: StageGraph, options: RunOptions, stageMetrics?: (m: StageMetrics) => void): AsyncIterable<RecordBatch> {
    checkBindings(graph, options);
    const { compiled, choice } = this.compile(graph);
    return choice.backend.execute(graph, compiled, {
      arguments: options.arguments,
      udfs: options.udfs ?? new Map(),
      ...(stageMetrics ? { onStageMetrics: stageMetrics } : {}),
      ...(options.onProgress ? { onProgress: options.onProgress } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
      ...(options.ranks !== undefined && options.ranks > 1 ? { ranks: options.ranks } : {}),
    });
  }

  /** Runs to completion and collects the output into one Arrow table. */
  async run(graph: StageGraph, options: RunOptions): Promise<RunResult> {
    const t0 = performance.now();
    checkBindings(graph, options);
    const { compiled, reused, choice } = this.compile(graph);
    const compileMs = performance.now() - t0;
    const stages: StageMetrics[] = [];
    const batches: RecordBatch[] = [];
    const ranks = options.ranks ?? 1;
    const perRank: RecordBatch[][] = Array.from({ length: ranks }, () => []);
    let rows = 0;
    // Sampled once per stage (a backend's own sample when it reports one): memoryUsage costs ~8 µs.
    let peakBufferBytes = 0;
    const sample = (reported?: number) => {
      const now = reported ?? process.memoryUsage().arrayBuffers;
      if (now > peakBufferBytes) peakBufferBytes = now;
    };
    for await (const batch of choice.backend.execute(graph, compiled, {
      arguments: options.arguments,
      udfs: options.udfs ?? new Map(),
      onStageMetrics: (m) => {
        stages.push(m);
        sample(m.bufferBytes);
      },
      ...(options.onProgress ? { onProgress: options.onProgress } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
      ...(ranks > 1 ? { ranks, onRankBatch: (rank: number, b: RecordBatch) => perRank[rank]?.push(b) } : {}),
    })) {
      batches.push(batch);
      rows += batch.numRows;
    }
    const output = graph.stages.find((s) => s.id === graph.output)!;
    const tableOf = (bs: RecordBatch[]) => (bs.length > 0 ? new Table(bs) : new Table(toArrowSchema(output.schema)));
    const table = tableOf(batches);
    return {
      table,
      ...(ranks > 1 ? { ranks: perRank.map(tableOf) } : {}),
      metrics: {
        backend: choice.backend.id,
        wallMs: performance.now() - t0,
        compileMs,
        compiledStagesReused: reused,
        rowsOut: rows,
        batchesOut: batches.length,
        peakBufferBytes,
        stages,
        ...(choice.fallback ? { fallback: choice.fallback } : {}),
      },
    };
  }
}

/** Every argument scan has data, and every UDF has an implementation, before anything runs. */
function checkBindings(graph: StageGraph, options: RunOptions): void {
  for (const stage of graph.stages) {
    walkPlan(stage.plan, (n) => {
      if (n.kind === "Scan" && n.source.kind === ARGUMENT_SOURCE_KIND) {
        const slot = n.source.slot ?? -1;
        if (!options.arguments.has(slot)) throw new ArgumentBindingError(`argument ${slot} (${n.source.name}) has no data bound to it; pass a table or source for it.`);
      }
      if (n.kind === "CustomUDF" && !options.udfs?.has(n.name)) throw new UdfNotFoundError(n.name, [...(options.udfs?.keys() ?? [])]);
    });
  }
}
