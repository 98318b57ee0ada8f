import * as arrow from "apache-arrow";
import { planHash, type DataSource, type PlanNode, type StageGraph, type UdfImplementation } from "@datajax/core-ir";
import { LocalBackend } from "./local-backend.js";

/**
 * Runs one plan as a single-stage graph on a fresh LocalBackend and collects the result.
 * `args[i]` feeds the Scan with `source.kind === "argument"` and `slot === i`. For tests and
 * tools that hold a plan; programs use djit.
 *
 * @example
 * ```ts
 * import { tableFromArrays } from "apache-arrow";
 * import { col, djit, type Frame } from "@datajax/datajax";
 * import { tableSource } from "@datajax/runtime";
 * import { executePlanLocally } from "@datajax/backend-local";
 *
 * const trips = tableFromArrays({ fare_amount: Float64Array.from([12.5, -3]) });
 * const { optimized } = djit((t: Frame) => t.filter(col("fare_amount").gt(0))).lower(trips);
 * const result = await executePlanLocally(optimized, [tableSource(trips)]); // 1 row
 * ```
 */
export async function executePlanLocally(
  plan: PlanNode,
  args: readonly DataSource[],
  options: { udfs?: ReadonlyMap<string, UdfImplementation> } = {},
): Promise<arrow.Table> {
  const backend = new LocalBackend();
  const stage = { id: "s0", plan, inputs: [], schema: plan.schema, sharding: plan.sharding, hash: planHash(plan) };
  const graph: StageGraph = { stages: [stage], output: "s0" };
  const compiled = new Map([["s0", backend.compile(stage)]]);
  const batches: arrow.RecordBatch[] = [];
  for await (const b of backend.execute(graph, compiled, { arguments: new Map(args.map((a, i) => [i, a])), udfs: options.udfs ?? new Map() })) batches.push(b);
  return new arrow.Table(batches);
}
