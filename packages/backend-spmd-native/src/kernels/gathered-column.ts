import type { NativeColumn } from "./native-column.js";

/**
 * A column read through row indices: row i is row `take[i]` of `column` (-1: a null row). The
 * fused filter + aggregate kernel (filterAggregate) gathers it chunk by chunk, so a join's build
 * columns feed the aggregate above the join without being materialised.
 *
 * @example
 * ```ts
 * import { t } from "@datajax/core-ir";
 * import type { GatheredColumn } from "@datajax/backend-spmd-native";
 *
 * const meanFare = { type: t.float64, length: 2, values: Float64Array.of(11.5, 20), validity: null };
 * const perTrip: GatheredColumn = { column: meanFare, take: Int32Array.of(1, 0, 1, -1) }; // 20, 11.5, 20, null
 * ```
 */
export interface GatheredColumn {
  /** The column the rows come from. */
  readonly column: NativeColumn;
  /** The row of `column` each row reads (-1: null), at least as many as the rows read. */
  readonly take: Int32Array;
}

/** Whether an input is a GatheredColumn (rather than a plain NativeColumn). */
export function isGatheredColumn(c: NativeColumn | GatheredColumn): c is GatheredColumn {
  return "take" in c;
}
