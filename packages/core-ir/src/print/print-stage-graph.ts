import type { StageGraph } from "../stages/stage-graph.js";
import { formatSharding } from "../sharding/sharding.js";
import { formatSchema } from "../types/schema.js";
import { printPlan } from "./print-plan.js";

/**
 * Each stage with its inputs, schema, sharding, hash prefix and plan listing (printPlan), in
 * execution order; the result stage is marked `(output)`.
 *
 * @example
 * ```ts
 * import { field, planHash, printStageGraph, ScanNode, schema, t } from "@datajax/core-ir";
 *
 * const plan = ScanNode.create({ kind: "argument", name: "trips", uri: "arg:0", slot: 0 }, schema([field("fare_amount", t.float64)]));
 * console.log(printStageGraph({ stages: [{ id: "s0", plan, inputs: [], schema: plan.schema, sharding: plan.sharding, hash: planHash(plan) }], output: "s0" }));
 * // stage s0 (output) <- [] {fare_amount:float64?} hash=...
 * //   t0: {fare_amount:float64?} = scan[trips]
 * //   return t0
 * ```
 */
export function printStageGraph(graph: StageGraph): string {
  return graph.stages
    .map((s) => {
      const head = `stage ${s.id}${s.id === graph.output ? " (output)" : ""} <- [${s.inputs.join(", ")}] ${formatSchema(s.schema)}${formatSharding(s.sharding) ? ` ${formatSharding(s.sharding)}` : ""} hash=${s.hash.slice(0, 12)}`;
      return `${head}\n${printPlan(s.plan).split("\n").map((l) => `  ${l}`).join("\n")}`;
    })
    .join("\n");
}
