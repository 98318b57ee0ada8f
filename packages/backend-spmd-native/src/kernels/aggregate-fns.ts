import type { AggregateName } from "@datajax/core-ir";

/**
 * Aggregate codes of the native kernels (native/src/kernels_aggregate_fns.h, same numbering).
 * `CountAll` is `count()` (rows); `Count` is `count(x)` (non-null values).
 *
 * @example
 * ```ts
 * import { AggregateFn } from "@datajax/backend-spmd-native";
 *
 * AggregateFn.Mean; // 3
 * ```
 */
export const AggregateFn = { CountAll: 0, Count: 1, Sum: 2, Mean: 3, Min: 4, Max: 5, First: 6, Last: 7 } as const;

/**
 * One aggregate code.
 *
 * @example
 * ```ts
 * import { AggregateFn, type AggregateFnCode } from "@datajax/backend-spmd-native";
 *
 * const fn: AggregateFnCode = AggregateFn.Max;
 * ```
 */
export type AggregateFnCode = (typeof AggregateFn)[keyof typeof AggregateFn];

/**
 * The native code of a registry aggregate (`count` with no argument is CountAll), or undefined
 * for those the kernels do not compute (var, std, count_distinct).
 *
 * @example
 * ```ts
 * import { aggregateFnOf } from "@datajax/backend-spmd-native";
 *
 * aggregateFnOf("count", false); // 0 (count(): rows)
 * aggregateFnOf("std", true); // undefined
 * ```
 */
export function aggregateFnOf(name: AggregateName, hasArgument: boolean): AggregateFnCode | undefined {
  switch (name) {
    case "count": return hasArgument ? AggregateFn.Count : AggregateFn.CountAll;
    case "sum": return AggregateFn.Sum;
    case "mean": return AggregateFn.Mean;
    case "min": return AggregateFn.Min;
    case "max": return AggregateFn.Max;
    case "first": return AggregateFn.First;
    case "last": return AggregateFn.Last;
    default: return undefined;
  }
}
