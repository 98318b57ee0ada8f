import type { PlanNode, StageGraph } from "@datajax/core-ir";
import { distribute } from "./distribution/distribute.js";
import type { PlanStagesOptions } from "./planner-options.js";
import { cutStages } from "./stages/cut-stages.js";

export type { PlanStagesOptions } from "./planner-options.js";

/**
 * Plans a logical plan into a stage graph: `distribute` inserts the exchanges the shardings need
 * (two-phase aggregation, broadcast or shuffle joins, gathers), then `cutStages` cuts at every
 * exchange. A single-process plan needs no exchange and is one stage.
 */
export function planStages(plan: PlanNode, options: PlanStagesOptions = {}): StageGraph {
  return cutStages(distribute(plan, options), options.stagePrefix ?? "s");
}
