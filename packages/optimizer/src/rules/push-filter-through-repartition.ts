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
 *
 * @example
 * ```ts
 * import { explainTree, field, RepartitionNode, schema, Sharding, t } from "@datajax/core-ir";
 * import { Frame, col } from "@datajax/transforms";
 * import { optimizeWith, pushFilterThroughRepartition } from "@datajax/optimizer";
 * const trips = Frame.fromSchema("trips", schema([field("zone", t.int32), field("fare", t.float64)]), { sharding: Sharding.block() });
 * const byZone = new Frame(RepartitionNode.create(trips.plan, Sharding.hash(["zone"]), false));
 * console.log(explainTree(optimizeWith([pushFilterThroughRepartition], byZone.filter(col("fare").gt(0)).plan)));
 * // Repartition: @hash(zone) @hash(zone)
 * //   Filter: fare > 0 @block
 * //     Scan: trips @block
 * ```
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
