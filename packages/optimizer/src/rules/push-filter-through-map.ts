import { columnsOf, FilterNode, MapNode, substituteColumns, type Expr, type PlanNode } from "@datajax/core-ir";
import { conjoin, partitionConjuncts } from "../internal/conjunction.js";
import { isCheap } from "../internal/expr-cost.js";
import type { Rule } from "../rule.js";

/**
 * Filters before computing columns, conjunct by conjunct:
 *
 *   Filter: (fare > 0) and (score > 1) and (hour < 6)    →  Filter: score > 1
 *     Map: score = log(tip) + 1, hour = hour(ts)              Map: score = log(tip) + 1, hour = hour(ts)
 *       x                                                       Filter: (fare > 0) and (hour(ts) < 6)
 *                                                                 x
 *
 * A conjunct moves below the Map when it reads no column the Map defines, or when every
 * Map-defined column it reads is bound to a cheap expression (a column, a literal, or one call
 * over those: `hour(ts)`), which is then substituted in. A conjunct over an expensive column
 * (`score`) stays above, so that expression is still evaluated once, by the Map.
 * Needs nothing before it; fuse_filters first gives it whole conjunctions to split.
 *
 * @example
 * ```ts
 * import { explainTree, field, schema, t } from "@datajax/core-ir";
 * import { Frame, col } from "@datajax/transforms";
 * import { pushFilterThroughMap, optimizeWith } from "@datajax/optimizer";
 * const trips = Frame.fromSchema("trips", schema([field("fare", t.float64), field("ts", t.timestamp("us"))]));
 * const plan = trips.withColumn("hour", col("ts").hour()).filter(col("hour").lt(6)).plan;
 * console.log(explainTree(optimizeWith([pushFilterThroughMap], plan)));
 * // Map: hour = hour(ts)
 * //   Filter: hour(ts) < 6
 * //     Scan: trips
 * ```
 */
export const pushFilterThroughMap: Rule = {
  name: "push_filter_through_map",
  order: "top_down",
  apply(node: PlanNode): PlanNode {
    if (node.kind !== "Filter" || node.input.kind !== "Map") return node;
    const map = node.input;
    const bindings = new Map<string, Expr>(map.assignments.map((a) => [a.name, a.expr]));
    const { moved, kept } = partitionConjuncts(node.predicate, (c) =>
      columnsOf(c).every((name) => !bindings.has(name) || isCheap(bindings.get(name)!)),
    );
    if (moved.length === 0) return node;
    const below = FilterNode.create(map.input, substituteColumns(conjoin(moved), bindings));
    const newMap = MapNode.create(below, map.assignments);
    return kept.length === 0 ? newMap : FilterNode.create(newMap, conjoin(kept));
  },
};
