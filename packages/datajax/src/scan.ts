import { scan as tracedScan } from "@datajax/transforms";
import { defaultContainer } from "./default-container.js";

/**
 * `scan` from @datajax/transforms, running on the umbrella's default container unless
 * `options.container` names another: resolves to `[final carry, concatenated outputs]`.
 *
 * @example
 * ```ts
 * import { tableFromArrays } from "apache-arrow";
 * import { scan, sum, type Frame } from "@datajax/datajax";
 *
 * // A running total of sales, one chunk per day.
 * const sales = tableFromArrays({ day: Int32Array.from([1, 1, 2]), amount: Float64Array.from([5, 7, 3]) });
 * const init = tableFromArrays({ total: [0] }); // nullable float64, as sum() returns it
 * const step = (carry: Frame, day: Frame): [Frame, Frame] => {
 *   const next = carry.union(day.agg({ total: sum("amount") })).agg({ total: sum("total") });
 *   return [next, next];
 * };
 * const [carry, runningTotals] = await scan(step, init, sales, { orderBy: "day", chunkBy: "day" }); // total 15; 12, 15
 * ```
 */
export const scan: typeof tracedScan = (fn, init, xs, options = {}) => tracedScan(fn, init, xs, { ...options, container: options.container ?? defaultContainer() });
