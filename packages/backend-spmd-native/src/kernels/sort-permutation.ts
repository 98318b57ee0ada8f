import { nativeAddon, type NativeKernels } from "../native.js";
import { physTypeOfColumn, type NativeColumn } from "./native-column.js";

/**
 * One sort key: a column and its direction and null placement (SortNode's SortKey, resolved to data).
 *
 * @example
 * ```ts
 * import { t } from "@datajax/core-ir";
 * import { sortPermutation, type NativeSortKey } from "@datajax/backend-spmd-native";
 *
 * const byFareDesc: NativeSortKey = { column: { type: t.float64, length: 3, values: Float64Array.of(3, 1, 2), validity: null }, descending: true, nullsLast: true };
 * sortPermutation([byFareDesc], 3); // Int32Array [0, 2, 1]
 * ```
 */
export interface NativeSortKey {
  /** The key column. */
  readonly column: NativeColumn;
  /** Largest first when true. */
  readonly descending: boolean;
  /** Nulls after every value when true, before when false (whatever the direction). */
  readonly nullsLast: boolean;
}

/**
 * The stable permutation ordering `rows` rows by `keys`, most significant first: nulls first or
 * last per key whatever the direction, NaN above every number, -0 equal to 0, ties in input order.
 *
 * @example
 * ```ts
 * import { t } from "@datajax/core-ir";
 * import { sortPermutation } from "@datajax/backend-spmd-native";
 *
 * const fare = { type: t.float64, length: 3, values: Float64Array.of(3, 1, 2), validity: null };
 * sortPermutation([{ column: fare, descending: false, nullsLast: true }], 3); // Int32Array [1, 2, 0]
 * ```
 */
export function sortPermutation(keys: readonly NativeSortKey[], rows: number, kernels: NativeKernels = nativeAddon()): Int32Array {
  return kernels.sortPermutation(...sortArguments(keys, rows));
}

/**
 * sortPermutation with the sort itself on a libuv worker thread, so timers, I/O and other
 * requests keep being served while a large input is ordered (the keys are copied first, on this
 * thread, in linear time). The native Sort operator uses it from ASYNC_SORT_ROWS rows on.
 *
 * @example
 * ```ts
 * import { t } from "@datajax/core-ir";
 * import { sortPermutationAsync } from "@datajax/backend-spmd-native";
 *
 * const fare = { type: t.float64, length: 3, values: Float64Array.of(3, 1, 2), validity: null };
 * await sortPermutationAsync([{ column: fare, descending: false, nullsLast: true }], 3); // Int32Array [1, 2, 0]
 * ```
 */
export function sortPermutationAsync(keys: readonly NativeSortKey[], rows: number, kernels: NativeKernels = nativeAddon()): Promise<Int32Array> {
  return kernels.sortPermutationAsync(...sortArguments(keys, rows));
}

/**
 * Rows from which the native Sort orders on a worker thread (below it the sort takes well under a
 * millisecond and a thread hand-off would cost more than it frees).
 *
 * @example
 * ```ts
 * import { ASYNC_SORT_ROWS } from "@datajax/backend-spmd-native";
 * console.log(ASYNC_SORT_ROWS); // 65536
 * ```
 */
export const ASYNC_SORT_ROWS = 65_536;

function sortArguments(keys: readonly NativeSortKey[], rows: number): Parameters<NativeKernels["sortPermutation"]> {
  return [
    Int32Array.from(keys.map((k, i) => physTypeOfColumn("native sort", `key ${i}`, k.column.type))),
    keys.map((k) => k.column.values),
    keys.map((k) => k.column.validity),
    Int32Array.from(keys.map((k) => (k.descending ? 1 : 0))),
    Int32Array.from(keys.map((k) => (k.nullsLast ? 1 : 0))),
    rows,
  ];
}
