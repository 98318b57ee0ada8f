import type { RecordBatch } from "apache-arrow";
import type { Stage, StageGraph } from "../stages/stage-graph.js";
import type { DataSource } from "./data-source.js";

/**
 * Per-stage counters a backend reports while running.
 *
 * @example
 * ```ts
 * import type { StageMetrics } from "@datajax/core-ir";
 *
 * const slowest: StageMetrics[] = [];
 * const onStageMetrics = (m: StageMetrics) => { if (m.wallMs > 1000) slowest.push(m); };
 * // pass onStageMetrics in the ExecutionContext
 * ```
 */
export interface StageMetrics {
  /** The stage's id. */
  readonly stageId: string;
  /** Wall-clock time spent in the stage, in milliseconds. */
  wallMs: number;
  /** Rows the stage read. */
  rowsIn: number;
  /** Rows the stage produced. */
  rowsOut: number;
  /** Bytes its scans read from storage. */
  bytesRead: number;
  /** Bytes it sent to or received from other ranks in exchanges. */
  bytesExchanged: number;
  /** Record batches it produced. */
  batches: number;
  /** The rank that ran the stage, when the run spans several. */
  rank?: number;
  /** ArrayBuffer memory the process held when the stage finished (a sample). */
  bufferBytes?: number;
}

/**
 * A user function behind a CustomUDF node. `vectorized` receives the columns it reads as Arrow
 * vectors of one batch and returns the output columns (arrays or vectors, one per output field);
 * `row` receives one plain object per row and returns one plain object.
 *
 * @example
 * ```ts
 * import type { UdfImplementation } from "@datajax/core-ir";
 *
 * const fareBucket: UdfImplementation = { mode: "row", fn: (row) => ({ bucket: Number(row.fare_amount) >= 20 ? 1 : 0 }) };
 * const doubled: UdfImplementation = { mode: "vectorized", fn: (cols, n) => ({ double_fare: Float64Array.from({ length: n }, (_, i) => 2 * Number(cols.fare_amount!.get(i))) }) };
 * const udfs = new Map<string, UdfImplementation>([["fare_bucket", fareBucket], ["doubled", doubled]]);
 * ```
 */
export type UdfImplementation =
  | {
      /** Called once per batch. */
      readonly mode: "vectorized";
      /** Maps the read columns of a batch (`rowCount` rows) to the output columns. */
      readonly fn: (columns: Record<string, import("apache-arrow").Vector>, rowCount: number) => Record<string, ArrayLike<unknown> | import("apache-arrow").Vector>;
    }
  | {
      /** Called once per row. */
      readonly mode: "row";
      /** Maps one row's read columns to its output columns. */
      readonly fn: (row: Record<string, unknown>) => Record<string, unknown>;
    };

/**
 * What the executor hands a backend for one run.
 *
 * @example
 * ```ts
 * import type { DataSource, ExecutionContext } from "@datajax/core-ir";
 *
 * declare const trips: DataSource;
 * const context: ExecutionContext = {
 *   arguments: new Map([[0, trips]]),
 *   udfs: new Map(),
 *   onStageMetrics: (m) => console.log(m.stageId, m.rowsOut, `${m.wallMs} ms`),
 *   signal: AbortSignal.timeout(60_000),
 * };
 * ```
 */
export interface ExecutionContext {
  /** Data for each `argument` scan, by slot. */
  readonly arguments: ReadonlyMap<number, DataSource>;
  /** Implementations of the CustomUDF nodes in the graph, by name. */
  readonly udfs: ReadonlyMap<string, UdfImplementation>;
  /** Called once per stage with its counters when the stage finishes. */
  readonly onStageMetrics?: (m: StageMetrics) => void;
  /** Called as scans make progress (units done of units total, e.g. row groups). */
  readonly onProgress?: (done: number, total: number) => void;
  /** Aborts the run when it fires. */
  readonly signal?: AbortSignal;
  /**
   * The ranks the graph's distributed shardings span (default 1: one process). A backend runs
   * every stage once per rank, with real exchanges between stages (the local backend simulates the
   * ranks in one process; the SPMD backend is one process per rank).
   */
  readonly ranks?: number;
  /** Called with every output batch and the rank that holds it (the per-rank view of the result). */
  readonly onRankBatch?: (rank: number, batch: RecordBatch) => void;
}

/**
 * A backend's compiled form of one stage (generated kernels, native handles...).
 *
 * @example
 * ```ts
 * import type { Backend, CompiledStage, StageGraph } from "@datajax/core-ir";
 *
 * declare const backend: Backend;
 * declare const graph: StageGraph;
 * const compiled: CompiledStage = backend.compile(graph.stages[0]!);
 * console.log(compiled.describe());
 * ```
 */
export interface CompiledStage {
  /** The stage it was compiled from. */
  readonly stage: Stage;
  /** Human-readable description of what was generated (for explain and debugging). */
  describe(): string;
}

/**
 * One thing in a stage that a backend cannot run: the stage, the node (its printed label, e.g.
 * `custom_udf[score]`) and why, in words a user can act on.
 *
 * @example
 * ```ts
 * import type { Backend, StageGraph, UnsupportedFeature } from "@datajax/core-ir";
 *
 * declare const backend: Backend;
 * declare const graph: StageGraph;
 * const missing: UnsupportedFeature[] = graph.stages.flatMap((s) => backend.unsupported?.(s) ?? []);
 * for (const f of missing) console.warn(`${backend.id} cannot run ${f.node} in stage ${f.stageId}: ${f.reason}`);
 * ```
 */
export interface UnsupportedFeature {
  /** Id of the stage holding the node. */
  readonly stageId: string;
  /** The node's printed label. */
  readonly node: string;
  /** Why the backend cannot run it, in words a user can act on. */
  readonly reason: string;
}

/**
 * The plugin interface every execution backend implements. Backends are registered in a tsyringe
 * container under BACKEND_TOKEN (see registerLocalBackend) and chosen by `id`.
 *
 * @example
 * ```ts
 * import type { Backend, ExecutionContext, StageGraph } from "@datajax/core-ir";
 *
 * async function run(backend: Backend, graph: StageGraph, context: ExecutionContext): Promise<number> {
 *   const compiled = new Map(graph.stages.map((s) => [s.id, backend.compile(s)] as const));
 *   let rows = 0;
 *   for await (const batch of backend.execute(graph, compiled, context)) rows += batch.numRows;
 *   return rows;
 * }
 * ```
 */
export interface Backend {
  /** The name users choose the backend by (`local`...). */
  readonly id: string;
  /** A version string that changes when generated code would change (part of kernel cache keys). */
  readonly compilerVersion: string;
  /**
   * What in `stage` this backend cannot run; empty (or the method absent) when it runs all of it.
   * Checked before anything compiles, so a partial backend (e.g. SQL-based) can be refused at
   * plan time or replaced by a fallback backend instead of failing halfway through a run.
   */
  unsupported?(stage: Stage): readonly UnsupportedFeature[];
  /** Compiles one stage; the executor compiles every stage of a graph before executing it. */
  compile(stage: Stage): CompiledStage;
  /** Runs the graph and streams the output stage's record batches. */
  execute(graph: StageGraph, compiled: ReadonlyMap<string, CompiledStage>, context: ExecutionContext): AsyncIterable<RecordBatch>;
}

/**
 * tsyringe token under which backends are registered (resolve with container.resolveAll).
 *
 * @example
 * ```ts
 * import "reflect-metadata";
 * import { container } from "tsyringe";
 * import { BACKEND_TOKEN, type Backend } from "@datajax/core-ir";
 *
 * declare const myBackend: Backend;
 * container.register(BACKEND_TOKEN, { useValue: myBackend });
 * container.resolveAll<Backend>(BACKEND_TOKEN).map((b) => b.id); // [myBackend.id]
 * ```
 */
export const BACKEND_TOKEN: unique symbol = Symbol.for("datajax.Backend");
/**
 * tsyringe token for the id of the backend used when none is named.
 *
 * @example
 * ```ts
 * import "reflect-metadata";
 * import { container } from "tsyringe";
 * import { DEFAULT_BACKEND_ID_TOKEN } from "@datajax/core-ir";
 *
 * container.register(DEFAULT_BACKEND_ID_TOKEN, { useValue: "local" });
 * container.resolve<string>(DEFAULT_BACKEND_ID_TOKEN); // "local"
 * ```
 */
export const DEFAULT_BACKEND_ID_TOKEN: unique symbol = Symbol.for("datajax.DefaultBackendId");
