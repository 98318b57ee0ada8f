import type { PlanNode } from "@datajax/core-ir";
import type { Rule } from "../rule.js";

/**
 * Run every rule once, or repeat the whole batch until a pass changes nothing (at most N passes;
 * N must be a positive integer, else RangeError).
 *
 * @example
 * ```ts
 * import type { BatchStrategy } from "@datajax/optimizer";
 * const once: BatchStrategy = "once";
 * const untilStable: BatchStrategy = { fixedPoint: 8 }; // at most 8 passes
 * ```
 */
export type BatchStrategy =
  | "once"
  | {
      /** The most passes to run (a positive integer). */
      readonly fixedPoint: number;
    };

/**
 * Rules that run together, in order, under one strategy.
 *
 * @example
 * ```ts
 * import { explainTree, field, schema, t } from "@datajax/core-ir";
 * import { fuseFilters, optimize, pushFilterIntoScan, type RuleBatch } from "@datajax/optimizer";
 * import { Frame, col } from "@datajax/transforms";
 * const trips = Frame.fromSchema("trips", schema([field("fare", t.float64), field("tip", t.float64)]));
 * const filtersOnly: RuleBatch = { name: "filters", strategy: { fixedPoint: 4 }, rules: [fuseFilters, pushFilterIntoScan] };
 * const plan = optimize(trips.filter(col("fare").gt(0)).filter(col("tip").gt(1)).plan, { batches: [filtersOnly] });
 * explainTree(plan); // "Scan: trips filter=(fare > 0) and (tip > 1)"
 * ```
 */
export interface RuleBatch {
  /** Names the batch in traces and reports (snake_case). */
  readonly name: string;
  /** Once, or to a bounded fixed point. */
  readonly strategy: BatchStrategy;
  /** The rules, applied in this order in every pass. */
  readonly rules: readonly Rule[];
}

/**
 * Where a rule changed the plan: the batch, and the pass within it (1-based). Passed to
 * `OptimizeOptions.onRuleApplied`.
 *
 * @example
 * ```ts
 * import { explainTree, field, schema, t } from "@datajax/core-ir";
 * import { optimize, type RuleApplication } from "@datajax/optimizer";
 * import { Frame, col } from "@datajax/transforms";
 * const trips = Frame.fromSchema("trips", schema([field("fare", t.float64), field("tip", t.float64)]));
 * const where: RuleApplication[] = [];
 * optimize(trips.filter(col("fare").gt(0)).plan, { onRuleApplied: (_rule, _before, _after, at) => where.push(at) });
 * where[0]; // { batch: "push_down_filters", iteration: 1 }
 * ```
 */
export interface RuleApplication {
  /** The batch's name. */
  readonly batch: string;
  /** The pass within the batch, from 1. */
  readonly iteration: number;
}

/**
 * Options of `optimize` and `optimizeWithTrace` (and djit's `optimize` option): rules to skip,
 * the batches to run, and a hook called after each rule walk that changed the plan.
 *
 * @example
 * ```ts
 * import { optimize, type OptimizeOptions } from "@datajax/optimizer";
 * const noPreAggregation: OptimizeOptions = { disabledRules: ["pre_aggregate_before_join"] };
 * // optimize(plan, noPreAggregation), or djit(fn, { optimize: noPreAggregation })
 * ```
 */
export interface OptimizeOptions {
  /** Rule names to skip; an unknown name is an error (UnknownRuleError), not a silent no-op. */
  readonly disabledRules?: readonly string[];
  /** The batches to run; defaults to `defaultRuleBatches`. */
  readonly batches?: readonly RuleBatch[];
  /**
   * Called each time one rule's walk over the plan changed it, with the whole plan before and
   * after that walk (for `explain({ rules: true })`).
   */
  readonly onRuleApplied?: (rule: Rule, before: PlanNode, after: PlanNode, where: RuleApplication) => void;
}

/**
 * What a batch did: how many passes it ran, and whether the last one changed nothing. One per
 * batch in `optimizeWithTrace(...).batches`.
 *
 * @example
 * ```ts
 * import { explainTree, field, schema, t } from "@datajax/core-ir";
 * import { optimizeWithTrace, type BatchReport } from "@datajax/optimizer";
 * import { Frame, col } from "@datajax/transforms";
 * const trips = Frame.fromSchema("trips", schema([field("fare", t.float64), field("tip", t.float64)]));
 * const reports: readonly BatchReport[] = optimizeWithTrace(trips.filter(col("fare").gt(0)).plan).batches;
 * reports.every((r) => r.converged); // true
 * reports.map((r) => r.batch);       // ["simplify", "push_down_filters", "fuse_and_prune", ...]
 * ```
 */
export interface BatchReport {
  /** The batch's name. */
  readonly batch: string;
  /** Passes run (1 for a `once` batch). */
  readonly iterations: number;
  /** For fixed-point batches: false when it stopped at its bound while still changing the plan. */
  readonly converged: boolean;
}
