import { blockRange } from "@datajax/core-ir";

/**
 * The contiguous block of `units` that reader `index` of `count` scans (core-ir's blockRange:
 * blocks differ in size by at most one and together cover every unit once, in order). Without a partition, all units. Throws RangeError
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
  return units.slice(...blockRange(index, count, units.length));
}
