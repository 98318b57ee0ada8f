import { explainTree, type PlanNode } from "@datajax/core-ir";
import type { Rule } from "../rule.js";
import { defaultRuleBatches } from "./default-batches.js";
import type { BatchReport, OptimizeOptions } from "./rule-batch.js";
import { runBatches } from "./run-batches.js";

/**
 * One rule walk that changed the plan, with the whole plan before and after it (explainTree text).
 *
 * @example
 * ```ts
 * import { explainTree, field, schema, t } from "@datajax/core-ir";
 * import { optimizeWithTrace, type AppliedRule } from "@datajax/optimizer";
 * import { Frame, col } from "@datajax/transforms";
 * const trips = Frame.fromSchema("trips", schema([field("fare", t.float64), field("tip", t.float64)]));
 * const applied: readonly AppliedRule[] = optimizeWithTrace(trips.filter(col("fare").gt(0)).plan).applied;
 * applied[0]?.rule;  // "push_filter_into_scan"
 * applied[0]?.after; // "Scan: trips filter=fare > 0"
 * ```
 */
export interface AppliedRule {
  /** The rule's name. */
  readonly rule: string;
  /** The batch it ran in. */
  readonly batch: string;
  /** The pass within the batch, from 1. */
  readonly iteration: number;
  /** The whole plan before the walk (explainTree text). */
  readonly before: string;
  /** The whole plan after the walk (explainTree text). */
  readonly after: string;
}

/**
 * What `optimizeWithTrace` returns: the optimized plan, each rule walk that changed it, and what
 * each batch did.
 *
 * @example
 * ```ts
 * import { explainTree, field, schema, t } from "@datajax/core-ir";
 * import { optimizeWithTrace, type OptimizeTrace } from "@datajax/optimizer";
 * import { Frame, col } from "@datajax/transforms";
 * const trips = Frame.fromSchema("trips", schema([field("fare", t.float64), field("tip", t.float64)]));
 * const trace: OptimizeTrace = optimizeWithTrace(trips.filter(col("fare").gt(0)).filter(col("tip").gt(1)).plan);
 * trace.applied.map((a) => a.rule); // ["fuse_filters", "push_filter_into_scan"]
 * explainTree(trace.plan);          // "Scan: trips filter=(fare > 0) and (tip > 1)"
 * ```
 */
export interface OptimizeTrace {
  /** The optimized plan (as `optimize` returns it). */
  readonly plan: PlanNode;
  /** Every rule walk that changed the plan, in order. */
  readonly applied: readonly AppliedRule[];
  /** One report per batch, in order. */
  readonly batches: readonly BatchReport[];
}

/**
 * Rewrites a logical plan with the default batches (or `options.batches`); the root schema is
 * unchanged. Throws UnknownRuleError for an unknown `disabledRules` name and
 * OptimizerInvariantError when a rule breaks the schema (a bug in the rule).
 *
 * @example
 * ```ts
 * import { explainTree, field, schema, t } from "@datajax/core-ir";
 * import { optimize } from "@datajax/optimizer";
 * import { Frame, col } from "@datajax/transforms";
 * const trips = Frame.fromSchema("trips", schema([field("fare", t.float64), field("tip", t.float64)]));
 * const plan = trips.filter(col("fare").gt(0)).select("fare").plan;
 * explainTree(optimize(plan)); // "Scan: trips columns=[fare] filter=fare > 0"
 * explainTree(optimize(plan, { disabledRules: ["push_filter_into_scan"] })); // the Filter stays above the Scan
 * ```
 */
export function optimize(plan: PlanNode, options: OptimizeOptions = {}): PlanNode {
  return runBatches(plan, options.batches ?? defaultRuleBatches, options).plan;
}

/**
 * `optimize`, also returning each rule's effect (for `explain({ rules: true })`) and each batch's
 * passes; `options.onRuleApplied` is still called.
 *
 * @example
 * ```ts
 * import { explainTree, field, schema, t } from "@datajax/core-ir";
 * import { optimizeWithTrace } from "@datajax/optimizer";
 * import { Frame, col } from "@datajax/transforms";
 * const trips = Frame.fromSchema("trips", schema([field("fare", t.float64), field("tip", t.float64)]));
 * const { plan, applied } = optimizeWithTrace(trips.filter(col("fare").gt(0)).plan);
 * for (const a of applied) console.log(`-- ${a.rule} (batch ${a.batch}, pass ${a.iteration})\n${a.after}`);
 * ```
 */
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

/**
 * Runs just `rules`, in order, to a fixed point (at most `maxIterations` passes, default 32): for
 * testing rules alone. The same checks as `optimize` apply.
 *
 * @example
 * ```ts
 * import { explainTree, field, schema, t } from "@datajax/core-ir";
 * import { fuseFilters, optimizeWith } from "@datajax/optimizer";
 * import { Frame, col } from "@datajax/transforms";
 * const trips = Frame.fromSchema("trips", schema([field("fare", t.float64), field("tip", t.float64)]));
 * const plan = trips.filter(col("fare").gt(0)).filter(col("tip").gt(1)).plan;
 * explainTree(optimizeWith([fuseFilters], plan, { maxIterations: 1 })); // "Filter: (fare > 0) and (tip > 1)\n  Scan: trips"
 * ```
 */
export function optimizeWith(rules: readonly Rule[], plan: PlanNode, options: Omit<OptimizeOptions, "batches"> & { maxIterations?: number } = {}): PlanNode {
  const batch = { name: "optimize_with", strategy: { fixedPoint: options.maxIterations ?? 32 }, rules };
  return runBatches(plan, [batch], options).plan;
}
