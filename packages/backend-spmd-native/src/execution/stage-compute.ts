import type { RecordBatch } from "apache-arrow";
import {
  ARGUMENT_SOURCE_KIND,
  childrenOf,
  planHash,
  ScanNode,
  STAGE_SOURCE_KIND,
  toArrowSchema,
  withChildren,
  type DataSource,
  type ExecutionContext,
  type PlanNode,
  type Stage,
  type StageGraph,
  type StageMetrics,
} from "@datajax/core-ir";
import { LocalBackend, type LocalCompiledStage } from "@datajax/backend-local";
import { tableSource } from "@datajax/runtime";
import type { RankPlace } from "./rank-place.js";
import { rankShareSource } from "./rank-share-source.js";

/**
 * What a stage reads on this rank: the run's arguments, and the outputs of earlier stages as
 * delivered here (after their exchange). StageCompute.run reads the arguments' rank share itself.
 *
 * @example
 * ```ts
 * import type { StageInputs } from "@datajax/backend-spmd-native";
 * import type { DataSource } from "@datajax/core-ir";
 * import type { RecordBatch } from "apache-arrow";
 *
 * declare const trips: DataSource;
 * declare const s0Received: RecordBatch[]; // stage s0's output, as its exchange delivered it to this rank
 * const inputs: StageInputs = { arguments: new Map([[0, trips]]), stageOutputs: new Map([["s0", s0Received]]) };
 * ```
 */
export interface StageInputs {
  /** The whole data of each argument slot (every rank passes the same); the rank's share is read from it. */
  readonly arguments: ReadonlyMap<number, DataSource>;
  /** The rows of each earlier stage this rank holds, by stage id. */
  readonly stageOutputs: ReadonlyMap<string, readonly RecordBatch[]>;
}

/**
 * Counters of one rank's compute of a stage: the rows and bytes its scans read, and the batches
 * it produced. StageCompute.run hands them to its `counters` callback once the fragment has finished.
 *
 * @example
 * ```ts
 * import { spmdWorld, StageCompute, type ComputeCounters } from "@datajax/backend-spmd-native";
 * import type { DataSource, Stage } from "@datajax/core-ir";
 *
 * declare const stage: Stage; // a stage that scans argument 0 only
 * declare const trips: DataSource;
 * const args = new Map([[0, trips]]);
 * let read: ComputeCounters = { rowsIn: 0, bytesRead: 0, batches: 0 };
 * for await (const _batch of new StageCompute(stage).run({ arguments: args, stageOutputs: new Map() }, spmdWorld(), { arguments: args, udfs: new Map() }, (c) => (read = c)));
 * console.log(`read ${read.rowsIn} rows (${read.bytesRead} bytes), produced ${read.batches} batches`);
 * ```
 */
export type ComputeCounters = Pick<StageMetrics, "rowsIn" | "bytesRead" | "batches">;

/** One Scan of the stage's fragment, rebound to an argument slot of the rewritten fragment. */
interface ScanBinding {
  readonly slot: number;
  readonly scan: ScanNode;
}

/**
 * The per-rank compute of one stage: its plan fragment over this rank's rows. This file is the
 * seam between the SPMD driver (scans, exchanges, ranks) and the kernels that run a fragment.
 * Today every operator runs on the local backend's TypeScript kernels (generated fused loops,
 * hash aggregation, hash join, sort) over the rank's rows: each Scan of the fragment is rewritten
 * into an argument Scan bound to this rank's share of its input (rankShareSource, or the stage
 * output delivered to this rank), and the rewritten fragment runs as a one-stage graph in a world
 * of one. Native C++ kernels replace it operator by operator here, and `describe()` says which
 * parts run natively. SpmdNativeBackend.compile builds one per stage (SpmdCompiledStage.compute).
 *
 * @example
 * ```ts
 * import { spmdWorld, StageCompute } from "@datajax/backend-spmd-native";
 * import type { DataSource, Stage } from "@datajax/core-ir";
 *
 * declare const stage: Stage; // a stage that scans argument 0 only
 * declare const trips: DataSource;
 * const compute = new StageCompute(stage);
 * console.log(compute.describe().join("\n")); // what runs natively, what in TypeScript
 * const args = new Map([[0, trips]]);
 * for await (const batch of compute.run({ arguments: args, stageOutputs: new Map() }, spmdWorld(), { arguments: args, udfs: new Map() })) console.log(batch.numRows);
 * ```
 */
export class StageCompute {
  private readonly bindings: readonly ScanBinding[];
  private readonly localStage: Stage;
  private readonly local = new LocalBackend();
  private readonly compiled: LocalCompiledStage;

  /** @param stage - The stage whose fragment this computes; compiling needs no MPI. */
  constructor(
    /** The stage whose fragment this computes. */
    readonly stage: Stage,
  ) {
    const bindings: ScanBinding[] = [];
    const rebound = new Map<ScanNode, ScanNode>();
    const rewrite = (node: PlanNode): PlanNode => {
      if (node.kind !== "Scan") return withChildren(node, childrenOf(node).map(rewrite));
      let scan = rebound.get(node);
      if (!scan) {
        const slot = bindings.length;
        bindings.push({ slot, scan: node });
        scan = ScanNode.create({ kind: ARGUMENT_SOURCE_KIND, name: node.source.name, uri: `arg:${slot}`, slot }, node.sourceSchema, { columns: node.columns, filter: node.filter, sharding: node.sharding });
        rebound.set(node, scan);
      }
      return scan;
    };
    const plan = rewrite(stage.plan);
    this.bindings = bindings;
    this.localStage = Object.freeze({ id: stage.id, plan, inputs: Object.freeze([]), schema: plan.schema, sharding: plan.sharding, hash: planHash(plan) });
    this.compiled = this.local.compile(this.localStage);
  }

  /** Which parts run natively and which on the local backend's TypeScript kernels, one line each. */
  describe(): string[] {
    return [
      "native (C++): none of this fragment's operators yet; exchanges move rows over MPI",
      "typescript (the local backend's kernels, over this rank's rows):",
      ...this.compiled.describe().split("\n").slice(1).map((line) => `  ${line}`),
    ];
  }

  /**
   * Runs the fragment over this rank's rows and streams its batches (at least one, empty when no
   * rows). `counters` receives what the fragment's scans read once it has finished. Throws when
   * a Scan reads a stage missing from `inputs.stageOutputs` or an argument slot missing from
   * `inputs.arguments`. It moves no rows between ranks: the caller exchanges the output.
   */
  async *run(inputs: StageInputs, place: RankPlace, context: ExecutionContext, counters?: (c: ComputeCounters) => void): AsyncIterable<RecordBatch> {
    const args = new Map<number, DataSource>();
    for (const { slot, scan } of this.bindings) args.set(slot, this.bind(scan, inputs, place));
    const graph: StageGraph = { stages: [this.localStage], output: this.localStage.id };
    yield* this.local.execute(graph, new Map([[this.localStage.id, this.compiled]]), {
      arguments: args,
      udfs: context.udfs,
      ...(context.signal ? { signal: context.signal } : {}),
      ...(context.onProgress ? { onProgress: context.onProgress } : {}),
      onStageMetrics: (m) => counters?.({ rowsIn: m.rowsIn, bytesRead: m.bytesRead, batches: m.batches }),
    });
  }

  private bind(scan: ScanNode, inputs: StageInputs, place: RankPlace): DataSource {
    const { source } = scan;
    if (source.kind === STAGE_SOURCE_KIND) {
      const id = source.uri.startsWith("stage:") ? source.uri.slice("stage:".length) : source.name;
      const batches = inputs.stageOutputs.get(id);
      if (!batches) throw new Error(`backend-spmd-native: stage "${id}" is read before it ran; the stage graph must list stages in dependency order.`);
      return tableSource([...batches], id, batches[0]?.schema ?? toArrowSchema(scan.sourceSchema));
    }
    const slot = source.slot ?? 0;
    const data = inputs.arguments.get(slot);
    if (!data) throw new Error(`backend-spmd-native: no data bound to argument slot ${slot} (${source.name}); pass it in ExecutionContext.arguments.`);
    return rankShareSource(data, scan.sharding, place);
  }
}
