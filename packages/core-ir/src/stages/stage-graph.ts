import { childrenOf } from "../nodes/children.js";
import type { PlanNode } from "../nodes/plan-node.js";
import type { SourceRef } from "../nodes/scan.js";
import type { Sharding } from "../sharding/sharding.js";
import type { Schema } from "../types/schema.js";

/**
 * A unit of execution: a plan fragment with no exchange inside it. It reads the traced function's
 * arguments (Scan with `source.kind === "argument"`) and the outputs of other stages
 * (Scan with `source.kind === "stage"` and `source.uri === "stage:<id>"`).
 *
 * @example
 * ```ts
 * import { field, planHash, ScanNode, schema, t, type Stage, type StageGraph } from "@datajax/core-ir";
 *
 * const plan = ScanNode.create({ kind: "argument", name: "trips", uri: "arg:0", slot: 0 }, schema([field("fare_amount", t.float64)]));
 * const stage: Stage = { id: "s0", plan, inputs: [], schema: plan.schema, sharding: plan.sharding, hash: planHash(plan) };
 * const graph: StageGraph = { stages: [stage], output: "s0" };
 * ```
 */
export interface Stage {
  /** Stage id, unique in its graph. */
  readonly id: string;
  /** The stage's plan fragment. */
  readonly plan: PlanNode;
  /** Ids of the stages whose outputs it reads. */
  readonly inputs: readonly string[];
  /** Output schema (its plan's). */
  readonly schema: Schema;
  /** Output sharding (its plan's). */
  readonly sharding: Sharding;
  /** Content hash of the stage's plan JSON (kernel caches key on it plus the backend id). */
  readonly hash: string;
}

/**
 * Stages in dependency order (every stage after the stages it reads); `output` is the result stage.
 *
 * @example
 * ```ts
 * import { field, planHash, ScanNode, schema, t, type Stage, type StageGraph } from "@datajax/core-ir";
 *
 * const plan = ScanNode.create({ kind: "argument", name: "trips", uri: "arg:0", slot: 0 }, schema([field("fare_amount", t.float64)]));
 * const stage: Stage = { id: "s0", plan, inputs: [], schema: plan.schema, sharding: plan.sharding, hash: planHash(plan) };
 * const graph: StageGraph = { stages: [stage], output: "s0" };
 * graph.stages.find((s) => s.id === graph.output)!.schema; // the result's schema
 * ```
 */
export interface StageGraph {
  /** The stages, each after the stages it reads. */
  readonly stages: readonly Stage[];
  /** Id of the stage whose output is the result. */
  readonly output: string;
}

/**
 * The SourceRef kind of a Scan that reads another stage's output (its `uri` is `stage:<id>`).
 *
 * @example
 * ```ts
 * import { ScanNode, STAGE_SOURCE_KIND, type PlanNode } from "@datajax/core-ir";
 *
 * const readsStage = (n: PlanNode) => ScanNode.is(n) && n.source.kind === STAGE_SOURCE_KIND;
 * ```
 */
export const STAGE_SOURCE_KIND = "stage";
/**
 * The SourceRef kind of a Scan that reads an argument of the traced function (by `slot`).
 *
 * @example
 * ```ts
 * import { ARGUMENT_SOURCE_KIND, field, ScanNode, schema, t } from "@datajax/core-ir";
 *
 * const trips = ScanNode.create({ kind: ARGUMENT_SOURCE_KIND, name: "trips", uri: "arg:0", slot: 0 }, schema([field("fare_amount", t.float64)]));
 * ```
 */
export const ARGUMENT_SOURCE_KIND = "argument";

/**
 * The id of the stage a Scan's source reads (its `uri` is `stage:<id>`; the name when the uri is
 * not), or null for a source that is not a stage output. Backends resolve stage scans with it.
 *
 * @example
 * ```ts
 * import { stageIdOf } from "@datajax/core-ir";
 * stageIdOf({ kind: "stage", name: "s0", uri: "stage:s0" }); // "s0"
 * stageIdOf({ kind: "argument", name: "trips", uri: "arg:0", slot: 0 }); // null
 * ```
 */
export function stageIdOf(source: SourceRef): string | null {
  if (source.kind !== STAGE_SOURCE_KIND) return null;
  return source.uri.startsWith("stage:") ? source.uri.slice("stage:".length) : source.name;
}

/**
 * The ids of the stages a plan's Scans read, once per Scan in the tree (a stage scanned twice is
 * listed twice; a subplan reached twice counts twice), in the order met. A Stage's `inputs` are
 * these without repeats.
 *
 * @example
 * ```ts
 * import { field, JoinNode, ScanNode, schema, stageScans, t } from "@datajax/core-ir";
 * const s = schema([field("k", t.int32)]);
 * const read = (id: string) => ScanNode.create({ kind: "stage", name: id, uri: id }, s);
 * stageScans(JoinNode.create(read("s0"), read("s0"), "inner", ["k"])); // ["s0", "s0"]
 * ```
 */
export function stageScans(plan: PlanNode): string[] {
  const ids: string[] = [];
  const visit = (n: PlanNode): void => {
    if (n.kind === "Scan") {
      const id = stageIdOf(n.source);
      if (id !== null) ids.push(id);
    }
    for (const c of childrenOf(n)) visit(c);
  };
  visit(plan);
  return ids;
}
