import { blockRange, computedEverywhere, type Stage } from "@datajax/core-ir";
import { columnBatch, type ColumnBatch } from "../columns/column-batch.js";
import { takeRows } from "../columns/take.js";
import { hashPartitionRows } from "../hash/row-hashes.js";

/** The rows of `b` at `rows[0..n)`. */
const pick = (b: ColumnBatch, rows: Int32Array, n: number): ColumnBatch => columnBatch(b.schema, n, b.columns.map((c) => takeRows(c, rows, n)));

/**
 * Moves a stage's output between simulated ranks the way its sharding says (what `alltoallv`,
 * `allgather` and `gather` do between real ranks): `produced[r]` is what rank r computed, the
 * result what each rank receives.
 * - hash(keys): each row goes to partitionOf(hash(keys), ranks) (core-ir's documented hash);
 * - replicated: every rank receives every rank's rows (a replicated producer already has them all);
 * - block: a replicated producer keeps the r-th contiguous slice on rank r, others keep their rows;
 * - single: everything goes to rank 0.
 */
export function exchange(produced: readonly ColumnBatch[][], stage: Stage): { received: ColumnBatch[][]; bytesSent: number[] } {
  const received = route(produced, stage);
  // What left each rank: rows a rank received that it did not produce (a copy counts once per receiver).
  const bytesSent = produced.map(() => 0);
  const fromReplicated = computedEverywhere(stage.plan);
  received.forEach((batches, to) => {
    for (const b of batches) {
      const from = origin.get(b);
      if (from !== undefined && from !== to && !fromReplicated) bytesSent[from]! += batchBytes(b);
    }
  });
  return { received, bytesSent };
}

/** Which rank produced a batch the routing passed on (moved batches are new objects: they record it). */
const origin = new WeakMap<ColumnBatch, number>();

/** The bytes of a batch's buffers. */
export function batchBytes(b: ColumnBatch): number {
  let n = 0;
  for (const c of b.columns) n += c.values.byteLength + (c.validity?.byteLength ?? 0) + (c.offsets?.byteLength ?? 0);
  return n;
}

function route(produced: readonly ColumnBatch[][], stage: Stage): ColumnBatch[][] {
  produced.forEach((batches, r) => batches.forEach((b) => origin.set(b, r)));
  const ranks = produced.length;
  const target = stage.sharding;
  const fromReplicated = computedEverywhere(stage.plan);
  switch (target.kind) {
    case "hash": {
      const out: ColumnBatch[][] = Array.from({ length: ranks }, () => []);
      // A replicated producer holds every row on every rank: route rank 0's copy only.
      for (const batches of fromReplicated ? produced.slice(0, 1) : produced) {
        for (const b of batches) {
          if (b.length === 0) continue;
          const keys = target.keys.map((k) => b.columns[b.schema.fields.findIndex((f) => f.name === k)]!);
          const dest = hashPartitionRows(keys, b.length, ranks);
          const counts = new Int32Array(ranks);
          for (let i = 0; i < b.length; i++) counts[dest[i]!]!++;
          const rows = Array.from({ length: ranks }, (_r, r) => new Int32Array(counts[r]!));
          const at = new Int32Array(ranks);
          for (let i = 0; i < b.length; i++) { const r = dest[i]!; rows[r]![at[r]!++] = i; }
          for (let r = 0; r < ranks; r++) {
            if (counts[r]! === 0) continue;
            const moved = pick(b, rows[r]!, counts[r]!);
            origin.set(moved, origin.get(b)!);
            out[r]!.push(moved);
          }
        }
      }
      return out;
    }
    case "replicated":
      return fromReplicated ? produced.map((b) => [...b]) : produced.map(() => produced.flat());
    case "block": {
      if (!fromReplicated) return produced.map((b) => [...b]);
      return produced.map((batches, r) => {
        const all = batches.filter((b) => b.length > 0);
        const total = all.reduce((n, b) => n + b.length, 0);
        const [from, to] = blockRange(r, ranks, total);
        const mine: ColumnBatch[] = [];
        let offset = 0;
        for (const b of all) {
          const lo = Math.max(from, offset) - offset;
          const hi = Math.min(to, offset + b.length) - offset;
          if (hi > lo) mine.push(pick(b, Int32Array.from({ length: hi - lo }, (_x, i) => lo + i), hi - lo));
          offset += b.length;
        }
        return mine;
      });
    }
    case "single":
      return produced.map((_b, r) => (r === 0 ? produced.flat() : []));
  }
}
