import type { PlanNode, StageGraph } from "@datajax/core-ir";
import { distribute } from "./distribution/distribute.js";
import type { PlanStagesOptions } from "./planner-options.js";
import { cutStages } from "./stages/cut-stages.js";

export type { PlanStagesOptions } from "./planner-options.js";

/**
 * Plans a logical plan into a stage graph: `distribute` inserts the exchanges the shardings need
 * (two-phase aggregation, broadcast or shuffle joins, gathers), then `cutStages` cuts at every
 * exchange. A single-process plan needs no exchange and is one stage. Stages come in dependency
 * order; `output` names the result stage.
 *
 * @example
 * ```ts
 * import { field, printStageGraph, schema, Sharding, t } from "@datajax/core-ir";
 * import { planStages } from "@datajax/planner";
 * import { Frame, count, sum } from "@datajax/transforms";
 * const trips = Frame.fromSchema("trips", schema([field("zone", t.int32), field("fare", t.float64)]), { sharding: Sharding.block() });
 * const graph = planStages(trips.groupBy("zone").agg({ n: count(), total: sum("fare") }).plan);
 * graph.stages.map((s) => s.id); // ["s0", "s1"]: partial aggregate, hash exchange on zone, final merge
 * console.log(printStageGraph(graph));
 * ```
 */
export function planStages(plan: PlanNode, options: PlanStagesOptions = {}): StageGraph {
  return cutStages(distribute(plan, options), options.stagePrefix ?? "s");
}
