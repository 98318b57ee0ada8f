import { combineHash, hashBytes, hashNumber, NULL_HASH, partitionOf } from "@datajax/core-ir";
import type { Column } from "../columns/column.js";
import { keyReader, type KeyReader } from "./key-readers.js";

/** The key-tuple hash of rows 0..n-1 into `out` (core-ir's documented key hash; dictionaries hashed once). */
export function hashKeyRows(readers: readonly KeyReader[], n: number, out: Uint32Array): Uint32Array {
  for (let c = 0; c < readers.length; c++) {
    const r = readers[c]!;
    const first = c === 0;
    if (r.kind === "number") {
      const { nums, validity } = r;
      for (let i = 0; i < n; i++) {
        const h = validity !== null && ((validity[i >> 3]! >> (i & 7)) & 1) === 0 ? NULL_HASH : hashNumber(nums[i]!);
        out[i] = first ? h : combineHash(out[i]!, h);
      }
    } else {
      const { bytes, offsets, indices, validity } = r;
      let dictHashes: Uint32Array | null = null;
      if (indices) {
        dictHashes = new Uint32Array(offsets.length - 1);
        for (let e = 0; e < dictHashes.length; e++) dictHashes[e] = hashBytes(bytes, offsets[e]!, offsets[e + 1]!);
      }
      for (let i = 0; i < n; i++) {
        let h: number;
        if (validity !== null && ((validity[i >> 3]! >> (i & 7)) & 1) === 0) h = NULL_HASH;
        else if (dictHashes) h = dictHashes[indices![i]!]!;
        else h = hashBytes(bytes, offsets[i]!, offsets[i + 1]!);
        out[i] = first ? h : combineHash(out[i]!, h);
      }
    }
  }
  return out;
}

/** The rank of each of `n` rows under hash partitioning on `keys` over `ranks` ranks. */
export function hashPartitionRows(keys: readonly Column[], n: number, ranks: number): Int32Array {
  const hashes = hashKeyRows(keys.map(keyReader), n, new Uint32Array(n));
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) out[i] = partitionOf(hashes[i]!, ranks);
  return out;
}
