import { adaptiveBroadcastJoins, Sharding, type AdaptiveBroadcastJoin, type Stage, type StageGraph } from "@datajax/core-ir";
import type { ColumnBatch } from "../columns/column-batch.js";
import { batchBytes, exchange } from "./exchange.js";

/** Build-side bytes (all ranks together) up to which a shuffle join becomes a broadcast join: the native backend's default. */
export const BROADCAST_THRESHOLD_BYTES = 10 * 1024 * 1024;

type Delivery = { received: ColumnBatch[][]; bytesSent: number[] };
/** A stage's output on every rank, and what the caller keeps with it (its metrics) while it is held. */
type Produced<M> = { readonly stage: Stage; readonly produced: ColumnBatch[][]; readonly extra: M };

/**
 * One run of a graph over simulated ranks, as far as its adaptive broadcast joins go (see
 * core-ir's AdaptiveBroadcastJoin; the native backend decides the same way): a join's left stage
 * is held until its join stage runs; the build side's stage, when its output over all ranks is at
 * most `thresholdBytes`, goes to every rank, and then the held left stage's rows stay where they
 * are instead of being hashed across the ranks.
 */
export class AdaptiveBroadcastRun<M> {
  private readonly byLeft: ReadonlyMap<string, AdaptiveBroadcastJoin>;
  private readonly byRight: ReadonlyMap<string, AdaptiveBroadcastJoin>;
  private readonly byJoin: ReadonlyMap<string, AdaptiveBroadcastJoin>;
  private readonly broadcasting = new Set<string>();
  private readonly held = new Map<string, Produced<M>>();

  constructor(graph: StageGraph, ranks: number, private readonly thresholdBytes = BROADCAST_THRESHOLD_BYTES) {
    const joins = ranks > 1 ? adaptiveBroadcastJoins(graph) : [];
    this.byLeft = new Map(joins.map((a) => [a.left, a]));
    this.byRight = new Map(joins.map((a) => [a.right, a]));
    this.byJoin = new Map(joins.map((a) => [a.join, a]));
  }

  /** How a stage's output moves between the ranks; null for a join's left stage, held (with `extra`) until `release`. */
  deliver(stage: Stage, produced: ColumnBatch[][], extra: M): Delivery | null {
    if (produced.length === 1) return { received: produced, bytesSent: [0] };
    if (this.byLeft.has(stage.id)) {
      this.held.set(stage.id, { stage, produced, extra });
      return null;
    }
    const right = this.byRight.get(stage.id);
    if (right && stage.sharding.kind === "hash") {
      const bytes = produced.reduce((n, batches) => batches.reduce((m, b) => m + batchBytes(b), n), 0);
      if (bytes <= this.thresholdBytes) {
        this.broadcasting.add(right.join);
        return exchange(produced, { ...stage, sharding: Sharding.replicated(stage.sharding.axis) });
      }
    }
    return exchange(produced, stage);
  }

  /** Before join stage `joinStageId` runs: its held left stage, that stage's delivery and its `extra`, if any. */
  release(joinStageId: string): { stage: Stage; delivery: Delivery; extra: M } | null {
    const join = this.byJoin.get(joinStageId);
    const held = join ? this.held.get(join.left) : undefined;
    if (!join || !held) return null;
    this.held.delete(join.left);
    const delivery = this.broadcasting.has(joinStageId)
      ? { received: held.produced.map((batches) => batches.filter((b) => b.length > 0)), bytesSent: held.produced.map(() => 0) }
      : exchange(held.produced, held.stage);
    return { stage: held.stage, delivery, extra: held.extra };
  }
}
