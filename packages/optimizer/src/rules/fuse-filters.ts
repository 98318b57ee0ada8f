import { Expr, FilterNode, type PlanNode } from "@datajax/core-ir";
import type { Rule } from "../rule.js";

/**
 * Merges stacked filters into one predicate (inner first):
 *
 *   Filter: b              →  Filter: a and b
 *     Filter: a                 x
 *       x
 *
 * Exact under three-valued logic: a row passes both filters iff `a and b` is true.
 * Needs nothing before it. Runs bottom-up, so a chain of any length collapses in one walk.
 */
export const fuseFilters: Rule = {
  name: "fuse_filters",
  order: "bottom_up",
  apply(node: PlanNode): PlanNode {
    if (node.kind !== "Filter" || node.input.kind !== "Filter") return node;
    const inner = node.input;
    return FilterNode.create(inner.input, Expr.call("and", [inner.predicate, node.predicate]));
  },
};
