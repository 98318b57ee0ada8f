import type { RecordBatch } from "apache-arrow";
import { ColumnNotFoundError, fromArrowSchema } from "@datajax/core-ir";
import { InvalidHashPartitionError } from "../errors/invalid-hash-partition-error.js";
import { nativeAddon } from "../native.js";
import { keyColumnOf } from "./key-column-of.js";

/**
 * The destination rank (0..ranks-1) of each row of `batch` under hash partitioning on the key
 * columns `keys`: partitionOf of the key-tuple hash, bit-identical to core-ir's key hash and so to
 * the local backend's partitioning. Computed in C++ over the Arrow buffers, without copying them.
 *
 * @example
 * ```ts
 * import { hashPartitionBatch } from "@datajax/backend-spmd-native";
 * import { tableFromArrays } from "apache-arrow";
 *
 * const batch = tableFromArrays({ PULocationID: Int32Array.of(132, 7), hour: Int32Array.of(7, 8) }).batches[0]!;
 * hashPartitionBatch(batch, ["PULocationID", "hour"], 4); // Int32Array of ranks in 0..3
 * ```
 */
export function hashPartitionBatch(batch: RecordBatch, keys: readonly string[], ranks: number): Int32Array {
  if (keys.length === 0) throw new InvalidHashPartitionError("give at least one key column name");
  if (!Number.isInteger(ranks) || ranks < 1 || ranks > 2 ** 31 - 1)
    throw new InvalidHashPartitionError(`ranks must be a positive integer, not ${ranks}`);
  const columns = keys.map((name) => {
    const c = batch.schema.fields.findIndex((f) => f.name === name);
    if (c < 0) throw new ColumnNotFoundError("hashPartitionBatch", name, fromArrowSchema(batch.schema));
    return keyColumnOf(batch.schema.fields[c]!, batch.data.children[c]!);
  });
  return nativeAddon().hashPartition(columns, batch.numRows, ranks);
}
