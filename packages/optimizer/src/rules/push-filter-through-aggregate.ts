import { AggregateNode, columnsOf, FilterNode, GroupByNode, type PlanNode } from "@datajax/core-ir";
import { conjoin, partitionConjuncts } from "../internal/conjunction.js";
import type { Rule } from "../rule.js";

/**
 * Filters on group keys before grouping (whole groups are dropped either way):
 *
 *   Filter: (zone > 10) and (n > 5)     →  Filter: n > 5
 *     Aggregate: n = count()                 Aggregate: n = count()
 *       GroupBy: zone                          GroupBy: zone
 *         x                                      Filter: zone > 10
 *                                                  x
 *
 * Only conjuncts that read nothing but key columns move (a key keeps its input type and values in
 * the Aggregate's output). A global Aggregate (no GroupBy) is left alone: filtering its input would
 * change its one row, not remove it.
 * Needs nothing before it.
 *
 * @example
 * ```ts
 * import { explainTree, field, schema, t } from "@datajax/core-ir";
 * import { Frame, col, count } from "@datajax/transforms";
 * import { pushFilterThroughAggregate, optimizeWith } from "@datajax/optimizer";
 * const trips = Frame.fromSchema("trips", schema([field("zone", t.int32), field("fare", t.float64)]));
 * console.log(explainTree(optimizeWith([pushFilterThroughAggregate], trips.groupBy("zone").agg({ n: count() }).filter(col("zone").gt(10).and(col("n").gt(5))).plan)));
 * // Filter: n > 5
 * //   Aggregate: n = count()
 * //     GroupBy: zone
 * //       Filter: zone > 10
 * //         Scan: trips
 * ```
 */
export const pushFilterThroughAggregate: Rule = {
  name: "push_filter_through_aggregate",
  order: "top_down",
  apply(node: PlanNode): PlanNode {
    if (node.kind !== "Filter" || node.input.kind !== "Aggregate" || node.input.input.kind !== "GroupBy") return node;
    const agg = node.input;
    const groupBy = node.input.input;
    const { moved, kept } = partitionConjuncts(node.predicate, (c) => columnsOf(c).every((name) => groupBy.keys.includes(name)));
    if (moved.length === 0) return node;
    const below = GroupByNode.create(FilterNode.create(groupBy.input, conjoin(moved)), groupBy.keys);
    const newAgg = AggregateNode.create(below, agg.aggregates);
    return kept.length === 0 ? newAgg : FilterNode.create(newAgg, conjoin(kept));
  },
};
