import type { RecordBatch } from "apache-arrow";
import { computedEverywhere, type Backend, type CompiledStage, type ExecutionContext, type Stage, type StageGraph } from "@datajax/core-ir";
import { KERNEL_COMPILER_VERSION } from "@datajax/backend-local";
import { AdaptiveBroadcastRun } from "./execution/adaptive-broadcast-join.js";
import { arrowSchemaOf } from "./execution/arrow-schema-of.js";
import { gatherOutputToRoot } from "./execution/deliver-stage-output.js";
import { emptyBatch } from "./execution/gather-rows.js";
import type { RankPlace } from "./execution/rank-place.js";
import { failRank } from "./execution/rank-failure.js";
import { RankCountMismatchError } from "./execution/spmd-errors.js";
import { spmdWorld } from "./execution/spmd-world.js";
import { StageCompute } from "./execution/stage-compute.js";

/**
 * The id the native SPMD backend registers under: name it in `djit(fn, { backend: "spmd-native" })`.
 *
 * @example
 * ```ts
 * import { djit, type Frame } from "@datajax/datajax";
 * import { SPMD_NATIVE_BACKEND_ID } from "@datajax/backend-spmd-native";
 *
 * const passThrough = djit((t: Frame) => t, { backend: SPMD_NATIVE_BACKEND_ID });
 * ```
 */
export const SPMD_NATIVE_BACKEND_ID = "spmd-native";

/**
 * What `SpmdNativeBackend.execute()` yields on each rank:
 * - `"gather"` (default): rank 0 yields the whole result (every rank's rows, in rank order; a
 *   result computed on every rank alike, e.g. after a replicated exchange, is rank 0's copy), so
 *   `Executor.run` on rank 0 returns the complete table; the other ranks yield one empty batch;
 * - `"per-rank"`: every rank yields the rows it holds (the result stays distributed; see
 *   writeRankParquet for one Parquet file per rank).
 * In both, `ExecutionContext.onRankBatch(rank, batch)` sees this rank's rows.
 *
 * @example
 * ```ts
 * import { SpmdNativeBackend, type SpmdResultMode } from "@datajax/backend-spmd-native";
 *
 * // Keep the result distributed when every rank writes its own part, else gather it on rank 0.
 * const mode: SpmdResultMode = process.env.WRITE_PER_RANK ? "per-rank" : "gather";
 * const backend = new SpmdNativeBackend({ result: mode });
 * ```
 */
export type SpmdResultMode = "gather" | "per-rank";

/**
 * Options of SpmdNativeBackend.
 *
 * @example
 * ```ts
 * import { SpmdNativeBackend, type SpmdNativeBackendOptions } from "@datajax/backend-spmd-native";
 *
 * const options: SpmdNativeBackendOptions = { result: "per-rank" };
 * const backend = new SpmdNativeBackend(options);
 * ```
 */
export interface SpmdNativeBackendOptions {
  /** What execute() yields on each rank (default "gather"). */
  readonly result?: SpmdResultMode;
  /**
   * A shuffle join whose build side's stage produced at most this many bytes over all ranks is run
   * as a broadcast join instead (see AdaptiveBroadcastJoin; default 10 MiB, the planner's
   * threshold; 0 turns it off).
   */
  readonly broadcastThresholdBytes?: number;
}

/** The default SpmdNativeBackendOptions.broadcastThresholdBytes: 10 MiB, like the planner's. */
const DEFAULT_BROADCAST_THRESHOLD_BYTES = 10 * 2 ** 20;

/**
 * A stage compiled by the SPMD backend: the per-rank compute of its fragment (see StageCompute).
 *
 * @example
 * ```ts
 * import { SpmdNativeBackend } from "@datajax/backend-spmd-native";
 * import type { Stage } from "@datajax/core-ir";
 *
 * declare const stage: Stage;
 * console.log(new SpmdNativeBackend().compile(stage).describe()); // "stage s0 (spmd-native)", then what runs natively and what in TypeScript
 * ```
 */
export class SpmdCompiledStage implements CompiledStage {
  /**
   * @param stage - The stage that was compiled.
   * @param compute - Its per-rank compute.
   */
  constructor(
    /** The stage that was compiled. */
    readonly stage: Stage,
    /** The per-rank compute of the stage's fragment. */
    readonly compute: StageCompute,
  ) {}
  /** `stage <id> (spmd-native)`, its outgoing exchange, then what runs natively and what in TypeScript. */
  describe(): string {
    return [`stage ${this.stage.id} (spmd-native)`, ...this.compute.describe().map((line) => `  ${line}`)].join("\n");
  }
}

/**
 * The native SPMD backend: one process per MPI rank (started by `datajax launch -n N` or mpirun;
 * a plain `node` process is a world of one). Every rank runs every stage in graph order: its scans
 * read the rank's share of the arguments (a block of row groups, the rows hashing to it, or all of
 * a replicated input), the stage's fragment runs over those rows, and the output moves between
 * ranks as the stage's sharding says (hash shuffle with the shared key hash over alltoallv,
 * broadcast, gather), placing every row where the local backend's rank simulation places it.
 * `ExecutionContext.ranks` must equal the world size (else RankCountMismatchError). A rank that
 * fails with several ranks prints its error and aborts the world (see failRank).
 *
 * @example
 * ```ts
 * import { createContainer, Executor, resolveBackend } from "@datajax/runtime";
 * import { registerSpmdNativeBackend, spmdWorld } from "@datajax/backend-spmd-native";
 * import type { DataSource, StageGraph } from "@datajax/core-ir";
 *
 * declare const graph: StageGraph;
 * declare const trips: DataSource;
 * const container = createContainer();
 * registerSpmdNativeBackend(container);
 * const { rank, size } = spmdWorld();
 * const { table } = await new Executor(resolveBackend(container, "spmd-native")).run(graph, { arguments: new Map([[0, trips]]), ranks: size });
 * if (rank === 0) console.log(table.numRows); // the whole result on rank 0
 * ```
 */
export class SpmdNativeBackend implements Backend {
  /** Always `"spmd-native"` (SPMD_NATIVE_BACKEND_ID). */
  readonly id = SPMD_NATIVE_BACKEND_ID;
  /** Changes when the per-rank compute would change (it includes the local kernels' version). */
  readonly compilerVersion = `spmd-native-1/${KERNEL_COMPILER_VERSION}`;
  /** What execute() yields on each rank. */
  readonly result: SpmdResultMode;

  /** Build-side bytes (over all ranks) up to which a shuffle join runs as a broadcast join. */
  readonly broadcastThresholdBytes: number;

  /** @param options - What execute() yields on each rank (`result`, default "gather") and the broadcast threshold. */
  constructor(options: SpmdNativeBackendOptions = {}) {
    this.result = options.result ?? "gather";
    this.broadcastThresholdBytes = options.broadcastThresholdBytes ?? DEFAULT_BROADCAST_THRESHOLD_BYTES;
    if (!(this.broadcastThresholdBytes >= 0)) throw new RangeError(`backend-spmd-native: broadcastThresholdBytes must be a number ≥ 0, got ${options.broadcastThresholdBytes}.`);
  }

  /** Compiles the stage's per-rank compute (needs no MPI: the world is joined when a graph runs). */
  compile(stage: Stage): SpmdCompiledStage {
    return new SpmdCompiledStage(stage, new StageCompute(stage));
  }

  /**
   * Runs the graph on this rank and yields what the result mode says (at least one batch, empty
   * when this rank yields no rows). Throws RankCountMismatchError when `context.ranks` is not the
   * world size, WorldMismatchError when MPI and the launcher disagree.
   */
  async *execute(graph: StageGraph, compiled: ReadonlyMap<string, CompiledStage>, context: ExecutionContext): AsyncIterable<RecordBatch> {
    const place = joinWorld(context);
    const output = outputStage(graph);
    const schema = arrowSchemaOf(output.schema);
    const own = this.runOnRank(graph, compiled, context, place);
    if (this.result === "per-rank" || place.size === 1) {
      yield* atLeastOne(own, schema);
      return;
    }
    if (computedEverywhere(output.plan)) {
      // Every rank holds the same rows: rank 0's copy is the result.
      if (place.rank === 0) yield* atLeastOne(own, schema);
      else {
        for await (const _b of own);
        yield emptyBatch(schema);
      }
      return;
    }
    const mine: RecordBatch[] = [];
    for await (const b of own) mine.push(b);
    let gathered: RecordBatch[] | null;
    try {
      gathered = gatherOutputToRoot(mine, schema, place);
    } catch (e) {
      failRank(place, e);
    }
    if (gathered === null) yield emptyBatch(schema);
    else yield* atLeastOne(gathered, schema);
  }

  /**
   * Runs the graph on this rank and yields the output rows this rank holds (none gathered),
   * calling `context.onRankBatch(rank, batch)` for each; every rank must call it for the same graph.
   * Throws as execute() does.
   */
  async *executeOnRank(graph: StageGraph, compiled: ReadonlyMap<string, CompiledStage>, context: ExecutionContext): AsyncIterable<RecordBatch> {
    yield* this.runOnRank(graph, compiled, context, joinWorld(context));
  }

  private async *runOnRank(graph: StageGraph, compiled: ReadonlyMap<string, CompiledStage>, context: ExecutionContext, place: RankPlace): AsyncIterable<RecordBatch> {
    const compiledStage = (s: Stage): SpmdCompiledStage => {
      const c = compiled.get(s.id);
      return c instanceof SpmdCompiledStage ? c : this.compile(s);
    };
    const output = outputStage(graph);
    const rankField = place.size > 1 ? { rank: place.rank } : {};
    // The outputs of the stages run so far, as their exchanges delivered them to this rank.
    const delivered = new Map<string, RecordBatch[]>();
    const joins = new AdaptiveBroadcastRun(graph, place, this.broadcastThresholdBytes);
    const runStage = async (stage: Stage): Promise<void> => {
      const started = performance.now();
      let counters = { rowsIn: 0, bytesRead: 0, batches: 0 };
      const produced: RecordBatch[] = [];
      for await (const b of compiledStage(stage).compute.run({ arguments: context.arguments, stageOutputs: delivered }, place, context, (c) => (counters = c))) produced.push(b);
      const schema = arrowSchemaOf(stage.schema);
      const { received, bytesSent } = joins.deliver(produced, stage, schema, place);
      delivered.set(stage.id, received);
      context.onStageMetrics?.({
        stageId: stage.id, wallMs: performance.now() - started, ...counters, rowsOut: produced.reduce((n, b) => n + b.numRows, 0),
        bytesExchanged: bytesSent, bufferBytes: process.memoryUsage().arrayBuffers, ...rankField,
      });
    };
    try {
      for (const stage of graph.stages) {
        if (stage.id === graph.output) continue;
        // A join's left stage runs just before the join, once its build side has decided how it moves.
        if (joins.waitsForJoin(stage.id)) continue;
        const left = joins.leftStageOf(stage.id);
        if (left !== undefined) await runStage(graph.stages.find((s) => s.id === left)!);
        await runStage(stage);
      }
      const started = performance.now();
      let counters = { rowsIn: 0, bytesRead: 0, batches: 0 };
      let rowsOut = 0;
      for await (const b of compiledStage(output).compute.run({ arguments: context.arguments, stageOutputs: delivered }, place, context, (c) => (counters = c))) {
        if (b.numRows === 0) continue;
        rowsOut += b.numRows;
        context.onRankBatch?.(place.rank, b);
        yield b;
      }
      context.onStageMetrics?.({ stageId: output.id, wallMs: performance.now() - started, ...counters, rowsOut, bytesExchanged: 0, bufferBytes: process.memoryUsage().arrayBuffers, ...rankField });
    } catch (e) {
      failRank(place, e);
    }
  }
}

/** This rank's place, checked against the ranks the run asks for. */
function joinWorld(context: ExecutionContext): RankPlace {
  const ranks = context.ranks ?? 1;
  if (!Number.isInteger(ranks) || ranks < 1) throw new RangeError(`backend-spmd-native: ranks must be a positive integer, got ${ranks}.`);
  const place = spmdWorld();
  if (ranks !== place.size) throw new RankCountMismatchError(ranks, place.size);
  return place;
}

function outputStage(graph: StageGraph): Stage {
  const output = graph.stages.find((s) => s.id === graph.output);
  if (!output) throw new Error(`backend-spmd-native: the output stage "${graph.output}" is not in the graph (stages: ${graph.stages.map((s) => s.id).join(", ")}).`);
  return output;
}

/** The batches, or one empty batch of `schema` when there are none. */
async function* atLeastOne(batches: AsyncIterable<RecordBatch> | Iterable<RecordBatch>, schema: import("apache-arrow").Schema): AsyncIterable<RecordBatch> {
  let any = false;
  for await (const b of batches) {
    any = true;
    yield b;
  }
  if (!any) yield emptyBatch(schema);
}
