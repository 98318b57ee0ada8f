import type { Table } from "apache-arrow";
import {
  ARGUMENT_SOURCE_KIND,
  fromArrowSchema,
  planHash,
  ScanNode,
  STAGE_SOURCE_KIND,
  stageScans,
  type PlanNode,
  type Sharding,
  type Stage,
  type StageGraph,
} from "@datajax/core-ir";

/**
 * A Scan of argument slot `slot` with `table`'s schema (optionally sharded: block, hash or
 * replicated over the ranks; pushed columns and filter as ScanNode.create takes them).
 *
 * @example
 * const trips = argumentScan(0, table, { sharding: Sharding.block() });
 */
export function argumentScan(slot: number, table: Table, options: Parameters<typeof ScanNode.create>[2] = {}): ScanNode {
  const name = `arg${slot}`;
  return ScanNode.create({ kind: ARGUMENT_SOURCE_KIND, name, uri: `memory:${name}`, slot }, fromArrowSchema(table.schema), options);
}

/**
 * Builds a stage graph by hand, the way the planner cuts one: `stage(plan, sharding)` adds a stage
 * whose output is delivered with `sharding` (an exchange) and returns the Scan its consumers read
 * it through; `output(plan)` adds the result stage and returns the graph.
 *
 * @example
 * const g = new StageGraphBuilder();
 * const partial = g.stage(AggregateNode.create(GroupByNode.create(scan, ["k"]), partials), Sharding.hash(["k"]));
 * const graph = g.output(AggregateNode.create(GroupByNode.create(partial, ["k"]), finals));
 */
export class StageGraphBuilder {
  private readonly stages: Stage[] = [];

  stage(plan: PlanNode, sharding: Sharding): ScanNode {
    const id = `s${this.stages.length}`;
    this.stages.push(stageOf(id, plan, sharding));
    return ScanNode.create({ kind: STAGE_SOURCE_KIND, name: id, uri: `stage:${id}` }, plan.schema, { sharding });
  }

  output(plan: PlanNode): StageGraph {
    const id = `s${this.stages.length}`;
    this.stages.push(stageOf(id, plan, plan.sharding));
    return Object.freeze({ stages: Object.freeze([...this.stages]), output: id });
  }
}

/**
 * A one-stage graph of `plan` (what the planner makes of a single-process plan).
 *
 * @example
 * const graph = singleStage(FilterNode.create(argumentScan(0, table), predicate));
 */
export function singleStage(plan: PlanNode): StageGraph {
  return new StageGraphBuilder().output(plan);
}

function stageOf(id: string, plan: PlanNode, sharding: Sharding): Stage {
  return Object.freeze({ id, plan, inputs: Object.freeze([...new Set(stageScans(plan))]), schema: plan.schema, sharding, hash: planHash(plan) });
}
