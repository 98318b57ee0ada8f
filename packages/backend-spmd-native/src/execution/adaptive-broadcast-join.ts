import type { RecordBatch, Schema as ArrowSchema } from "apache-arrow";
import { adaptiveBroadcastJoins, Sharding, type AdaptiveBroadcastJoin, type Stage, type StageGraph } from "@datajax/core-ir";
import { allreduce } from "../comm/collectives.js";
import { batchBytes, deliverStageOutput, type Delivery } from "./deliver-stage-output.js";
import type { RankPlace } from "./rank-place.js";

/**
 * One run of a graph on this rank, as far as its adaptive broadcast joins go: which stages wait
 * until just before their join, and how each stage's output moves. Around a candidate join, the
 * build side's stage is measured (its bytes summed over all ranks, so every rank decides alike)
 * and, at most `thresholdBytes`, replicated to every rank; the join's left stage then keeps its
 * rows where they are. Every other stage is delivered as deliverStageOutput says.
 */
export class AdaptiveBroadcastRun {
  private readonly byLeft: ReadonlyMap<string, AdaptiveBroadcastJoin>;
  private readonly byRight: ReadonlyMap<string, AdaptiveBroadcastJoin>;
  private readonly byJoin: ReadonlyMap<string, AdaptiveBroadcastJoin>;
  /** Join stages whose build side turned out small in this run. */
  private readonly broadcasting = new Set<string>();

  /** @param thresholdBytes - Build-side bytes (all ranks) up to which a join broadcasts; 0: never. */
  constructor(graph: StageGraph, place: RankPlace, private readonly thresholdBytes: number) {
    const joins = place.size > 1 && thresholdBytes > 0 ? adaptiveBroadcastJoins(graph) : [];
    this.byLeft = new Map(joins.map((a) => [a.left, a]));
    this.byRight = new Map(joins.map((a) => [a.right, a]));
    this.byJoin = new Map(joins.map((a) => [a.join, a]));
  }

  /** Whether the stage waits to run just before its join (after the build side has decided). */
  waitsForJoin(stageId: string): boolean {
    return this.byLeft.has(stageId);
  }

  /** The left stage to run just before this join stage, if it is one. */
  leftStageOf(stageId: string): string | undefined {
    return this.byJoin.get(stageId)?.left;
  }

  /** Moves a stage's output between the ranks (see the class comment). */
  deliver(produced: readonly RecordBatch[], stage: Stage, schema: ArrowSchema, place: RankPlace): Delivery {
    const left = this.byLeft.get(stage.id);
    if (left && this.broadcasting.has(left.join)) return { received: produced.filter((b) => b.numRows > 0), bytesSent: 0 };
    const right = this.byRight.get(stage.id);
    if (right && stage.sharding.kind === "hash") {
      const bytes = allreduce(Float64Array.of(produced.reduce((n, b) => n + batchBytes(b), 0)), "sum")[0]!;
      if (bytes <= this.thresholdBytes) {
        this.broadcasting.add(right.join);
        return deliverStageOutput(produced, { ...stage, sharding: Sharding.replicated(stage.sharding.axis) }, schema, place);
      }
    }
    return deliverStageOutput(produced, stage, schema, place);
  }
}
