import type { StageGraph } from "../stages/stage-graph.js";
import { formatSharding } from "../sharding/sharding.js";
import { formatSchema } from "../types/schema.js";
import { printPlan } from "./print-plan.js";

/** Each stage with its inputs, schema, sharding and plan listing, in execution order. */
export function printStageGraph(graph: StageGraph): string {
  return graph.stages
    .map((s) => {
      const head = `stage ${s.id}${s.id === graph.output ? " (output)" : ""} <- [${s.inputs.join(", ")}] ${formatSchema(s.schema)}${formatSharding(s.sharding) ? ` ${formatSharding(s.sharding)}` : ""} hash=${s.hash.slice(0, 12)}`;
      return `${head}\n${printPlan(s.plan).split("\n").map((l) => `  ${l}`).join("\n")}`;
    })
    .join("\n");
}
