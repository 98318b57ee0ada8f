import type { RecordBatch } from "apache-arrow";
import type { Schema } from "apache-arrow";
import type { DataSource, ExecutionContext, Stage, StageMetrics } from "@datajax/core-ir";
import { arrowSchemaOf } from "./arrow-schema-of.js";
import { emptyBatch } from "./gather-rows.js";
import { EventLoopTurns } from "./native/event-loop-turns.js";
import { LocalSubtree } from "./native/local-subtree.js";
import { recordBatchOf } from "./native/native-batch.js";
import type { NativeOperator, NativeRunContext } from "./native/native-operator.js";
import { planNative } from "./native/plan-native.js";
import type { RankPlace } from "./rank-place.js";

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

/**
 * The per-rank compute of one stage: its plan fragment over this rank's rows. This file is the
 * seam between the SPMD driver (scans, exchanges, ranks) and the kernels that run a fragment.
 * planNative (native/plan-native.ts) decides operator by operator: Scan → Filter → Map chains with
 * expressions the compiler accepts run as one fused kernel pass (or fused into the aggregate
 * above), GroupBy/Aggregate (partial and final) on the native hash aggregation, inner/left/semi/anti
 * joins on the native hash join, Sort and Limit on the native sort, all over views of the scanned
 * Arrow buffers. Whatever the kernels do not cover (strings, UDFs, count_distinct, var/std,
 * right/full joins, unsupported types) runs, with everything below it, on the local backend's
 * TypeScript kernels over this rank's rows, exactly as before. `describe()` says which operators
 * run natively. SpmdNativeBackend.compile builds one per stage (SpmdCompiledStage.compute).
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
  private readonly root: NativeOperator;
  private readonly arrowSchema: Schema;

  /** @param stage - The stage whose fragment this computes; compiling needs no MPI. */
  constructor(
    /** The stage whose fragment this computes. */
    readonly stage: Stage,
  ) {
    this.root = planNative(stage.plan, stage.id);
    this.arrowSchema = arrowSchemaOf(stage.schema);
  }

  /**
   * Which operators run natively (C++) and which on the local backend's TypeScript kernels, one
   * line each, indented as the plan nests: a first line summing up, then the operator tree.
   */
  describe(): string[] {
    const tree = this.root.describe(1);
    const native = tree.filter((l) => l.trimStart().startsWith("native ")).length;
    const summary = this.root instanceof LocalSubtree
      ? "native (C++): none of this fragment's operators; exchanges move rows over MPI"
      : `native (C++): ${native} operator(s) of this fragment${tree.some((l) => l.trimStart().startsWith("typescript")) ? ", the rest on TypeScript" : ""}; exchanges move rows over MPI`;
    return [summary, ...tree];
  }

  /**
   * Runs the fragment over this rank's rows and streams its batches (at least one, empty when no
   * rows), each of exactly the stage's schema. `counters` receives what the fragment's scans read
   * once it has finished. Throws when a Scan reads a stage missing from `inputs.stageOutputs` or
   * an argument slot missing from `inputs.arguments`. It moves no rows between ranks: the caller
   * exchanges the output.
   */
  async *run(inputs: StageInputs, place: RankPlace, context: ExecutionContext, counters?: (c: ComputeCounters) => void): AsyncIterable<RecordBatch> {
    const ctx: NativeRunContext = { inputs, place, execution: context, counters: { rowsIn: 0, bytesRead: 0, batches: 0 }, turns: new EventLoopTurns() };
    let any = false;
    if (this.root instanceof LocalSubtree) {
      for await (const b of this.root.batches(ctx)) {
        any = true;
        yield b;
      }
    } else {
      for await (const b of this.root.run(ctx)) {
        if (b.length === 0 && any) continue;
        any = true;
        yield recordBatchOf(b, this.stage.schema, this.arrowSchema);
      }
    }
    if (!any) yield emptyBatch(this.arrowSchema);
    counters?.({ ...ctx.counters });
  }
}
