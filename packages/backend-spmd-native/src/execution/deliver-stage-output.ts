import type { RecordBatch, Schema as ArrowSchema } from "apache-arrow";
import { blockRange, computedEverywhere, type Stage } from "@datajax/core-ir";
import { exchangeBatches, gatherToRoot } from "../comm/exchange-batches.js";
import { emptyBatch, gatherRows, type RowSelection } from "./gather-rows.js";
import { hashDestinations } from "./hash-destinations.js";
import type { RankPlace } from "./rank-place.js";

/** What an exchange left on this rank: the rows it now holds, and the bytes it sent to other ranks. */
export interface Delivery {
  readonly received: RecordBatch[];
  readonly bytesSent: number;
}

/**
 * Moves a stage's output between the ranks as its sharding says, placing every row where the
 * local backend's rank simulation places it (backend-local's spmd/exchange.ts), with real MPI
 * collectives. `produced` is what this rank computed; every rank calls it for every stage.
 * - hash(keys): each row goes to partitionOf(hash(keys), size) (the shared key hash), one
 *   alltoallv; a producer computed everywhere (replicated inputs only) routes rank 0's copy only;
 * - replicated: every rank receives every rank's rows, in rank order (a replicated producer
 *   already holds them all and keeps its own);
 * - block: a replicated producer keeps its r-th contiguous slice on rank r; others keep their rows;
 * - single: rank 0 receives every rank's rows, in rank order; other ranks none.
 */
export function deliverStageOutput(produced: readonly RecordBatch[], stage: Stage, schema: ArrowSchema, place: RankPlace): Delivery {
  const { rank, size } = place;
  const nonEmpty = produced.filter((b) => b.numRows > 0);
  if (size === 1) return { received: nonEmpty, bytesSent: 0 };
  const target = stage.sharding;
  const fromReplicated = computedEverywhere(stage.plan);
  const all = (): RecordBatch => gatherRows(schema, nonEmpty.map((batch) => ({ batch, rows: null })));
  switch (target.kind) {
    case "hash": {
      const routed = fromReplicated && rank !== 0 ? [] : nonEmpty;
      const perDestination: RowSelection[][] = Array.from({ length: size }, () => []);
      for (const output of routed) {
        const { batch, destinations } = hashDestinations(output, target.keys, size);
        const counts = new Int32Array(size);
        for (let i = 0; i < destinations.length; i++) counts[destinations[i]!]!++;
        const rows = Array.from({ length: size }, (_x, r) => new Int32Array(counts[r]!));
        const at = new Int32Array(size);
        for (let i = 0; i < destinations.length; i++) {
          const r = destinations[i]!;
          rows[r]![at[r]!++] = i;
        }
        rows.forEach((selected, r) => {
          if (selected.length > 0) perDestination[r]!.push({ batch, rows: selected });
        });
      }
      const outgoing = perDestination.map((parts) => gatherRows(schema, parts));
      return { received: nonEmptyOf(exchangeBatches(outgoing)), bytesSent: bytesToOthers(outgoing, rank) };
    }
    case "replicated": {
      if (fromReplicated) return { received: nonEmpty, bytesSent: 0 };
      const mine = all();
      const outgoing = Array.from({ length: size }, () => mine);
      return { received: nonEmptyOf(exchangeBatches(outgoing)), bytesSent: bytesToOthers(outgoing, rank) };
    }
    case "block": {
      if (!fromReplicated) return { received: nonEmpty, bytesSent: 0 };
      const total = nonEmpty.reduce((n, b) => n + b.numRows, 0);
      const [from, to] = blockRange(rank, size, total);
      const mine: RecordBatch[] = [];
      let offset = 0;
      for (const b of nonEmpty) {
        const lo = Math.max(from, offset) - offset;
        const hi = Math.min(to, offset + b.numRows) - offset;
        if (hi > lo) mine.push(b.slice(lo, hi));
        offset += b.numRows;
      }
      return { received: mine, bytesSent: 0 };
    }
    case "single": {
      const mine = all();
      const gathered = gatherToRoot(mine, 0);
      return { received: gathered ? nonEmptyOf(gathered) : [], bytesSent: rank === 0 ? 0 : batchBytes(mine) };
    }
  }
}

/**
 * The output stage's rows gathered on rank 0, in rank order (every rank calls it; other ranks get
 * null). A world of one returns its own batches.
 */
export function gatherOutputToRoot(own: readonly RecordBatch[], schema: ArrowSchema, place: RankPlace): RecordBatch[] | null {
  if (place.size === 1) return [...own];
  const gathered = gatherToRoot(own.length === 0 ? emptyBatch(schema) : gatherRows(schema, own.map((batch) => ({ batch, rows: null }))), 0);
  return gathered ? nonEmptyOf(gathered) : null;
}

const nonEmptyOf = (batches: readonly RecordBatch[]): RecordBatch[] => batches.filter((b) => b.numRows > 0);

/** Bytes of the batches sent to ranks other than `rank` (one copy per receiver). */
function bytesToOthers(outgoing: readonly RecordBatch[], rank: number): number {
  return outgoing.reduce((n, b, to) => (to === rank ? n : n + batchBytes(b)), 0);
}

/** Bytes of a batch's column buffers (what an exchange moves for it). */
export function batchBytes(b: RecordBatch): number {
  return b.data.children.reduce((n, c) => n + c.byteLength, 0);
}
