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
 *
 * @example
 * ```ts
 * import { explainTree, field, schema, t } from "@datajax/core-ir";
 * import { Frame, col } from "@datajax/transforms";
 * import { fuseFilters, optimizeWith } from "@datajax/optimizer";
 * const trips = Frame.fromSchema("trips", schema([field("fare", t.float64), field("tip", t.float64)]));
 * const plan = trips.filter(col("fare").gt(0)).filter(col("tip").gt(1)).plan;
 * console.log(explainTree(optimizeWith([fuseFilters], plan)));
 * // Filter: (fare > 0) and (tip > 1)
 * //   Scan: trips
 * ```
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
