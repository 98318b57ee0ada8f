import * as arrow from "apache-arrow";
import { hashPartitionBatch } from "../hash/hash-partition-batch.js";
import { gatherRows } from "./gather-rows.js";

/**
 * The destination rank of each row of `batch` under hash partitioning on `keys` (the shared key
 * hash, in C++), and the batch the row indices refer to: `batch` itself, or a plain copy when a
 * key column is dictionary-encoded (the native hash reads plain utf8; the values hash the same).
 */
export function hashDestinations(batch: arrow.RecordBatch, keys: readonly string[], size: number): { readonly batch: arrow.RecordBatch; readonly destinations: Int32Array } {
  const dictionaryKey = batch.schema.fields.some((f) => keys.includes(f.name) && arrow.DataType.isDictionary(f.type));
  const hashed = dictionaryKey ? gatherRows(batch.schema, [{ batch, rows: null }]) : batch;
  return { batch: hashed, destinations: hashPartitionBatch(hashed, keys, size) };
}

/** The indices of the rows whose destination is `rank`, in order. */
export function rowsFor(destinations: Int32Array, rank: number): Int32Array {
  let n = 0;
  for (let i = 0; i < destinations.length; i++) if (destinations[i] === rank) n++;
  const rows = new Int32Array(n);
  n = 0;
  for (let i = 0; i < destinations.length; i++) if (destinations[i] === rank) rows[n++] = i;
  return rows;
}
