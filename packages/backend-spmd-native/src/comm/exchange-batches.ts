import type { RecordBatch } from "apache-arrow";
import { MpiCommError } from "../errors/mpi-comm-error.js";
import { alltoallv, bcast } from "./collectives.js";
import { decodeBatch } from "./decode-batch.js";
import { type EncodedBatchPlan, planBatchEncoding } from "./encode-batch.js";
import { encodeSchema } from "./schema-bytes.js";
import { initWorld } from "./world.js";

/** Encodes batches into one send buffer, back to back; returns one view per batch. */
function encodeContiguously(batches: readonly RecordBatch[], where: string): Uint8Array[] {
  const schemaBytes = new Map<RecordBatch["schema"], Uint8Array>();
  const plans: EncodedBatchPlan[] = batches.map((b) => {
    let s = schemaBytes.get(b.schema);
    if (!s) {
      s = encodeSchema(b.schema);
      schemaBytes.set(b.schema, s);
    }
    return planBatchEncoding(b, s, where);
  });
  const total = plans.reduce((sum, p) => sum + p.byteLength, 0);
  const buffer = new Uint8Array(total);
  let at = 0;
  return plans.map((p) => {
    const view = buffer.subarray(at, at + p.byteLength);
    p.write(view);
    at += p.byteLength;
    return view;
  });
}

/**
 * The shuffle: `batchPerDestination[r]` goes to rank r (an empty batch sends nothing but its
 * schema); returns the batch each rank sent here, indexed by source rank. Column buffers
 * (values, validity bitmaps, utf8 offsets and bytes) are packed into one send buffer, moved by
 * one alltoallv, and the received batches are views of the receive buffer, not copies.
 * Every rank must call it at the same point.
 *
 * @example
 * ```ts
 * import { exchangeBatches, initWorld } from "@datajax/backend-spmd-native";
 * import { tableFromArrays } from "apache-arrow";
 *
 * const { rank, size } = initWorld();
 * // rank r sends rank d the single row (r, d)
 * const parts = Array.from({ length: size }, (_, d) => tableFromArrays({ from: Int32Array.of(rank), to: Int32Array.of(d) }).batches[0]!);
 * const received = exchangeBatches(parts); // received[s]: the row (s, rank)
 * ```
 */
export function exchangeBatches(batchPerDestination: readonly RecordBatch[]): RecordBatch[] {
  const { size } = initWorld();
  if (batchPerDestination.length !== size)
    throw new MpiCommError("exchangeBatches", `got ${batchPerDestination.length} batches; give one per rank (${size})`);
  const received = alltoallv(encodeContiguously(batchPerDestination, "exchangeBatches"));
  return received.map(decodeBatch);
}

/**
 * Collects every rank's batch on rank `root`: root gets them indexed by rank, other ranks get null.
 *
 * @example
 * ```ts
 * import { gatherToRoot } from "@datajax/backend-spmd-native";
 * import { tableFromArrays } from "apache-arrow";
 *
 * const perRank = gatherToRoot(tableFromArrays({ n: Int32Array.of(1) }).batches[0]!, 0);
 * if (perRank) console.log(perRank.length); // on rank 0: the world size
 * ```
 */
export function gatherToRoot(batch: RecordBatch, root = 0): RecordBatch[] | null {
  const { rank, size } = initWorld();
  if (!Number.isInteger(root) || root < 0 || root >= size)
    throw new MpiCommError("gatherToRoot", `root ${root} is not a rank of this world of ${size}; pass 0..${size - 1}`);
  const [encoded] = encodeContiguously([batch], "gatherToRoot");
  const empty = new Uint8Array(0);
  const received = alltoallv(Array.from({ length: size }, (_, r) => (r === root ? encoded! : empty)));
  return rank === root ? received.map(decodeBatch) : null;
}

/**
 * Rank `root`'s batch on every rank (others pass null; they need not know its schema).
 *
 * @example
 * ```ts
 * import { broadcastBatch, initWorld } from "@datajax/backend-spmd-native";
 * import { tableFromArrays } from "apache-arrow";
 *
 * const mine = initWorld().rank === 0 ? tableFromArrays({ id: Int32Array.of(7) }).batches[0]! : null;
 * const lookup = broadcastBatch(mine, 0); // the same rows on every rank
 * ```
 */
export function broadcastBatch(batch: RecordBatch | null, root = 0): RecordBatch {
  const { rank } = initWorld();
  if (rank === root && !batch) throw new MpiCommError("broadcastBatch", `rank ${root} is the root and must pass its batch`);
  const bytes = bcast(rank === root ? encodeContiguously([batch!], "broadcastBatch")[0]! : null, root);
  return rank === root ? batch! : decodeBatch(bytes);
}
