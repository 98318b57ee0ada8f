import { FilterNode, SortNode, type PlanNode } from "@datajax/core-ir";
import type { Rule } from "../rule.js";

/**
 * Filters before sorting (fewer rows to sort):
 *
 *   Filter: p          →  Sort: k
 *     Sort: k               Filter: p
 *       x                     x
 *
 * Exact: the sort is stable and a filter keeps the relative order of the rows it keeps.
 * Needs nothing before it.
 */
export const pushFilterBelowSort: Rule = {
  name: "push_filter_below_sort",
  order: "top_down",
  apply(node: PlanNode): PlanNode {
    if (node.kind !== "Filter" || node.input.kind !== "Sort") return node;
    const sort = node.input;
    return SortNode.create(FilterNode.create(sort.input, node.predicate), sort.keys);
  },
};
