import { FilterNode, RepartitionNode, type PlanNode } from "@datajax/core-ir";
import type { Rule } from "../rule.js";

/**
 * Filters before an exchange (fewer rows to move):
 *
 *   Filter: p                →  Repartition: @hash(k)
 *     Repartition: @hash(k)       Filter: p
 *       x                           x
 *
 * Exact: a filter does not move rows, so every kept row lands on the same rank either way; a strict
 * (user-requested) Repartition stays in place above the filter.
 * Needs nothing before it.
 */
export const pushFilterThroughRepartition: Rule = {
  name: "push_filter_through_repartition",
  order: "top_down",
  apply(node: PlanNode): PlanNode {
    if (node.kind !== "Filter" || node.input.kind !== "Repartition") return node;
    const r = node.input;
    return RepartitionNode.create(FilterNode.create(r.input, node.predicate), r.sharding, r.strict);
  },
};
