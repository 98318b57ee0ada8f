import { explainTree, type PlanNode } from "@datajax/core-ir";
import type { Rule } from "../rule.js";
import { defaultRuleBatches } from "./default-batches.js";
import type { BatchReport, OptimizeOptions } from "./rule-batch.js";
import { runBatches } from "./run-batches.js";

/** One rule walk that changed the plan, with the whole plan before and after it (explainTree text). */
export interface AppliedRule {
  readonly rule: string;
  readonly batch: string;
  readonly iteration: number;
  readonly before: string;
  readonly after: string;
}

export interface OptimizeTrace {
  readonly plan: PlanNode;
  readonly applied: readonly AppliedRule[];
  readonly batches: readonly BatchReport[];
}

/** Rewrites a logical plan with the default batches (or `options.batches`); the root schema is unchanged. */
export function optimize(plan: PlanNode, options: OptimizeOptions = {}): PlanNode {
  return runBatches(plan, options.batches ?? defaultRuleBatches, options).plan;
}

/** `optimize`, also returning each rule's effect (for `explain({ rules: true })`) and each batch's passes. */
export function optimizeWithTrace(plan: PlanNode, options: OptimizeOptions = {}): OptimizeTrace {
  const applied: AppliedRule[] = [];
  const { plan: out, reports } = runBatches(plan, options.batches ?? defaultRuleBatches, {
    ...options,
    onRuleApplied(rule, before, after, where) {
      applied.push({ rule: rule.name, batch: where.batch, iteration: where.iteration, before: explainTree(before), after: explainTree(after) });
      options.onRuleApplied?.(rule, before, after, where);
    },
  });
  return { plan: out, applied, batches: reports };
}

/** Runs just `rules`, in order, to a fixed point (at most `maxIterations` passes): for testing rules alone. */
export function optimizeWith(rules: readonly Rule[], plan: PlanNode, options: Omit<OptimizeOptions, "batches"> & { maxIterations?: number } = {}): PlanNode {
  const batch = { name: "optimize_with", strategy: { fixedPoint: options.maxIterations ?? 32 }, rules };
  return runBatches(plan, [batch], options).plan;
}
