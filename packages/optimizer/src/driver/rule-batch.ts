import type { PlanNode } from "@datajax/core-ir";
import type { Rule } from "../rule.js";

/** Run every rule once, or repeat the whole batch until a pass changes nothing (at most N passes). */
export type BatchStrategy = "once" | { readonly fixedPoint: number };

/** Rules that run together, in order, under one strategy. */
export interface RuleBatch {
  readonly name: string;
  readonly strategy: BatchStrategy;
  readonly rules: readonly Rule[];
}

/** Where a rule changed the plan: the batch, and the pass within it (1-based). */
export interface RuleApplication {
  readonly batch: string;
  readonly iteration: number;
}

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

/** What a batch did: how many passes it ran, and whether the last one changed nothing. */
export interface BatchReport {
  readonly batch: string;
  readonly iterations: number;
  /** For fixed-point batches: false when it stopped at its bound while still changing the plan. */
  readonly converged: boolean;
}
