import type { PlanNode } from "../nodes/plan-node.js";
import type { Sharding } from "../sharding/sharding.js";
import type { Schema } from "../types/schema.js";

/**
 * A unit of execution: a plan fragment with no exchange inside it. It reads the traced function's
 * arguments (Scan with `source.kind === "argument"`) and the outputs of other stages
 * (Scan with `source.kind === "stage"` and `source.uri === "stage:<id>"`).
 */
export interface Stage {
  readonly id: string;
  readonly plan: PlanNode;
  readonly inputs: readonly string[];
  readonly schema: Schema;
  readonly sharding: Sharding;
  /** Content hash of the stage's plan JSON (kernel caches key on it plus the backend id). */
  readonly hash: string;
}

/** Stages in dependency order (every stage after the stages it reads); `output` is the result stage. */
export interface StageGraph {
  readonly stages: readonly Stage[];
  readonly output: string;
}

export const STAGE_SOURCE_KIND = "stage";
export const ARGUMENT_SOURCE_KIND = "argument";
