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
 *
 * @example
 * ```ts
 * import { explainTree, field, schema, t } from "@datajax/core-ir";
 * import { Frame, col } from "@datajax/transforms";
 * import { pushFilterBelowSort, optimizeWith } from "@datajax/optimizer";
 * const trips = Frame.fromSchema("trips", schema([field("fare", t.float64), field("tip", t.float64)]));
 * const plan = trips.sort("fare").filter(col("tip").gt(0)).plan;
 * console.log(explainTree(optimizeWith([pushFilterBelowSort], plan)));
 * // Sort: fare
 * //   Filter: tip > 0
 * //     Scan: trips
 * ```
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
