import type { ExecutionContext, Schema } from "@datajax/core-ir";
import type { RankPlace } from "../rank-place.js";
import type { ComputeCounters, StageInputs } from "../stage-compute.js";
import type { EventLoopTurns } from "./event-loop-turns.js";
import type { NativeBatch } from "./native-batch.js";

/** What a native operator reads while it runs: the stage's inputs on this rank, and counters to add to. */
export interface NativeRunContext {
  readonly inputs: StageInputs;
  readonly place: RankPlace;
  readonly execution: ExecutionContext;
  readonly counters: { -readonly [K in keyof ComputeCounters]: ComputeCounters[K] };
  /** Event-loop turns between batches of this run (the scans take them). */
  readonly turns: EventLoopTurns;
}

/** One operator of a stage's fragment run on the C++ kernels (or a local subtree feeding them). */
export interface NativeOperator {
  /** The schema of the batches it yields (its plan node's). */
  readonly schema: Schema;
  /** Streams its output batches. */
  run(ctx: NativeRunContext): AsyncIterable<NativeBatch>;
  /** One line per operator, indented by depth: `native ...` or `typescript ...`. */
  describe(depth: number): string[];
}

/** Two spaces per level. */
export const indentBy = (depth: number): string => "  ".repeat(depth);
