import { planHash, RepartitionNode, ScanNode, STAGE_SOURCE_KIND, stageScans, transformUp, type PlanNode, type Sharding, type Stage, type StageGraph } from "@datajax/core-ir";

function stageOf(id: string, plan: PlanNode, sharding: Sharding): Stage {
  return Object.freeze({ id, plan, inputs: Object.freeze([...new Set(stageScans(plan))]), schema: plan.schema, sharding, hash: planHash(plan) });
}

/**
 * Cuts a physical plan at its exchanges: the input of every Repartition becomes a stage whose
 * output is delivered with the Repartition's sharding, read by its consumer through a Scan of that
 * stage. A Repartition shared by several consumers is one stage. Stages come in dependency order,
 * the output stage (the rest of the plan) last.
 */
export function cutStages(plan: PlanNode, prefix = "s"): StageGraph {
  const stages: Stage[] = [];
  const rest = transformUp(plan, (n) => {
    if (!RepartitionNode.is(n)) return n;
    const id = `${prefix}${stages.length}`;
    stages.push(stageOf(id, n.input, n.sharding));
    return ScanNode.create({ kind: STAGE_SOURCE_KIND, name: id, uri: id }, n.schema, { sharding: n.sharding });
  });
  const id = `${prefix}${stages.length}`;
  stages.push(stageOf(id, rest, rest.sharding));
  return Object.freeze({ stages: Object.freeze(stages), output: id });
}
