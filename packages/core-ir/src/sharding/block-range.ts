/**
 * The half-open range [from, to) of `total` items that part `index` of `count` holds under
 * `shard.block()`: boundaries at floor(k * total / count), so parts differ in size by at most one
 * and together hold every item once, in order. The one rule behind block scans (row groups per
 * rank) and block exchanges in every backend, so they place rows alike.
 *
 * @example
 * ```ts
 * import { blockRange } from "@datajax/core-ir";
 * blockRange(0, 2, 5); // [0, 2]
 * blockRange(1, 2, 5); // [2, 5]
 * ```
 */
export function blockRange(index: number, count: number, total: number): readonly [from: number, to: number] {
  return [Math.floor((index * total) / count), Math.floor(((index + 1) * total) / count)];
}
