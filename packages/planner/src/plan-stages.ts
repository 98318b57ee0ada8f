import { planHash, type PlanNode, type Stage, type StageGraph } from "@datajax/core-ir";

export interface PlanStagesOptions {
  /** Prefix for stage ids (default "s"). */
  readonly stagePrefix?: string;
}

/**
 * Cuts a logical plan into a stage graph. First cut: single-process plans need no exchange, so
 * the whole plan is one stage. Exchange insertion and stage cutting at exchange boundaries come
 * with the sharding-aware planner.
 */
export function planStages(plan: PlanNode, options: PlanStagesOptions = {}): StageGraph {
  const id = `${options.stagePrefix ?? "s"}0`;
  const stage: Stage = Object.freeze({
    id,
    plan,
    inputs: Object.freeze([]),
    schema: plan.schema,
    sharding: plan.sharding,
    hash: planHash(plan),
  });
  return Object.freeze({ stages: Object.freeze([stage]), output: id });
}
