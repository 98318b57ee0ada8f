import { DataJaxError } from "@datajax/core-ir";

/**
 * vmap met a node it has no batching rule for (or cannot batch in this position), code
 * `DJX_NOT_BATCHABLE`; thrown when the vmapped function is traced.
 *
 * @example
 * ```ts
 * import { t } from "@datajax/core-ir";
 * import { tableFromArrays } from "apache-arrow";
 * import { djit, NotBatchableError, vmap, type Frame } from "@datajax/transforms";
 * const scored = (x: Frame) => x.udf("score", { reads: ["fare"], outputSchema: { score: t.float64 } });
 * try {
 *   djit(vmap(scored, { inAxes: ["zone"] })).lower(tableFromArrays({ zone: Int32Array.from([1]), fare: Float64Array.from([2]) }));
 * } catch (err) {
 *   if (err instanceof NotBatchableError) console.log(err.node); // 'CustomUDF "score"': apply the UDF outside vmap
 * }
 * ```
 */
export class NotBatchableError extends DataJaxError {
  constructor(
    /** The node (or part of the plan) that could not be batched, e.g. `CustomUDF "score"`. */
    readonly node: string,
    reason: string,
  ) {
    super("DJX_NOT_BATCHABLE", `vmap: cannot batch ${node}: ${reason}.`);
  }
}
