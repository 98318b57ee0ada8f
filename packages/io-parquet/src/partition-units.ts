/**
 * The contiguous block of `units` that reader `index` of `count` scans: block boundaries at
 * floor(k * n / count), so blocks differ in size by at most one and together cover every unit
 * once, in order (`shard.block()` semantics). Without a partition, all units. Throws RangeError
 * unless 0 <= index < count (integers).
 *
 * @example
 * ```ts
 * import { partitionUnits } from "@datajax/io-parquet";
 * const rowGroups = [0, 1, 2, 3, 4];
 * partitionUnits(rowGroups, { index: 0, count: 2 }); // [0, 1]
 * partitionUnits(rowGroups, { index: 1, count: 2 }); // [2, 3, 4]
 * ```
 */
export function partitionUnits<T>(units: readonly T[], partition?: { readonly index: number; readonly count: number }): T[] {
  if (!partition) return [...units];
  const { index, count } = partition;
  if (!Number.isInteger(count) || count < 1 || !Number.isInteger(index) || index < 0 || index >= count) {
    throw new RangeError(`scan partition must satisfy 0 <= index < count (integers), got index ${index} of ${count}`);
  }
  const n = units.length;
  return units.slice(Math.floor((index * n) / count), Math.floor(((index + 1) * n) / count));
}
