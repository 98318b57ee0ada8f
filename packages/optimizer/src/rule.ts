import type { PlanNode } from "@datajax/core-ir";

/**
 * Where the driver applies a rule while it walks a plan:
 * - `bottom_up`: children first, then the node rebuilt over its rewritten children (fusing,
 *   simplifying: a node sees inputs that are already in final form);
 * - `top_down`: the node first, then the children of whatever it became (pushdown: a Filter pushed
 *   one level down is met again one level lower in the same walk);
 * - `whole_plan`: the rule is given the root once per walk and looks at the plan as a whole
 *   (common subplan elimination compares subplans across branches).
 *
 * @example
 * ```ts
 * import { fuseFilters, pruneProjections, type RuleOrder } from "@datajax/optimizer";
 * const fusing: RuleOrder = fuseFilters.order ?? "bottom_up"; // "bottom_up"
 * const pruning: RuleOrder | undefined = pruneProjections.order; // "top_down"
 * ```
 */
export type RuleOrder = "bottom_up" | "top_down" | "whole_plan";

/**
 * One logical rewrite. `apply` sees ONE node (the driver walks the plan) and returns either the
 * node itself — the same reference — when the rule does not match, or a replacement that returns
 * the same rows with the same output schema (names, types, nullability). The driver checks the
 * schema after every rewrite and detects a fixed point by reference equality, so a rule must never
 * return a fresh copy of an unchanged node.
 *
 * @example
 * ```ts
 * import { field, schema, t } from "@datajax/core-ir";
 * import { optimizeWith, type Rule } from "@datajax/optimizer";
 * import { Frame } from "@datajax/transforms";
 * // Drops `Filter: true` (remove_noop_nodes does this and more).
 * const dropTrueFilters: Rule = {
 *   name: "drop_true_filters",
 *   apply: (node) => (node.kind === "Filter" && node.predicate.kind === "literal" && node.predicate.value === true ? node.input : node),
 * };
 * const plan = optimizeWith([dropTrueFilters], Frame.fromSchema("trips", schema([field("fare", t.float64)])).filter(true).plan); // Scan: trips
 * ```
 */
export interface Rule {
  /** snake_case, unique among the rules of a batch list; used by `disabledRules` and traces. */
  readonly name: string;
  /** Defaults to `bottom_up`. */
  readonly order?: RuleOrder;
  /** Rewrites one node: the same reference when the rule does not match, else an equivalent node with the same schema. */
  apply(node: PlanNode): PlanNode;
}
