import type { RecordBatch } from "apache-arrow";
import type { Stage, StageGraph } from "../stages/stage-graph.js";
import type { DataSource } from "./data-source.js";

/** Per-stage counters a backend reports while running. */
export interface StageMetrics {
  readonly stageId: string;
  wallMs: number;
  rowsIn: number;
  rowsOut: number;
  bytesRead: number;
  bytesExchanged: number;
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
 */
export type UdfImplementation =
  | { readonly mode: "vectorized"; readonly fn: (columns: Record<string, import("apache-arrow").Vector>, rowCount: number) => Record<string, ArrayLike<unknown> | import("apache-arrow").Vector> }
  | { readonly mode: "row"; readonly fn: (row: Record<string, unknown>) => Record<string, unknown> };

/** What the executor hands a backend for one run. */
export interface ExecutionContext {
  /** Data for each `argument` scan, by slot. */
  readonly arguments: ReadonlyMap<number, DataSource>;
  /** Implementations of the CustomUDF nodes in the graph, by name. */
  readonly udfs: ReadonlyMap<string, UdfImplementation>;
  /** Called once per stage with its counters when the stage finishes. */
  readonly onStageMetrics?: (m: StageMetrics) => void;
  /** Called as scans make progress (units done of units total, e.g. row groups). */
  readonly onProgress?: (done: number, total: number) => void;
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

/** A backend's compiled form of one stage (generated kernels, native handles...). */
export interface CompiledStage {
  readonly stage: Stage;
  /** Human-readable description of what was generated (for explain and debugging). */
  describe(): string;
}

/**
 * One thing in a stage that a backend cannot run: the stage, the node (its printed label, e.g.
 * `custom_udf[score]`) and why, in words a user can act on.
 */
export interface UnsupportedFeature {
  readonly stageId: string;
  readonly node: string;
  readonly reason: string;
}

/**
 * The plugin interface every execution backend implements. Backends are registered in a tsyringe
 * container under BACKEND_TOKEN (see registerLocalBackend) and chosen by `id`.
 */
export interface Backend {
  readonly id: string;
  /** A version string that changes when generated code would change (part of kernel cache keys). */
  readonly compilerVersion: string;
  /**
   * What in `stage` this backend cannot run; empty (or the method absent) when it runs all of it.
   * Checked before anything compiles, so a partial backend (e.g. SQL-based) can be refused at
   * plan time or replaced by a fallback backend instead of failing halfway through a run.
   */
  unsupported?(stage: Stage): readonly UnsupportedFeature[];
  compile(stage: Stage): CompiledStage;
  /** Runs the graph and streams the output stage's record batches. */
  execute(graph: StageGraph, compiled: ReadonlyMap<string, CompiledStage>, context: ExecutionContext): AsyncIterable<RecordBatch>;
}

/** tsyringe token under which backends are registered (resolve with container.resolveAll). */
export const BACKEND_TOKEN: unique symbol = Symbol.for("datajax.Backend");
/** tsyringe token for the id of the backend used when none is named. */
export const DEFAULT_BACKEND_ID_TOKEN: unique symbol = Symbol.for("datajax.DefaultBackendId");
