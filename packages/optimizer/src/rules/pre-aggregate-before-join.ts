import { columnsOf, AggregateNode, GroupByNode, JoinNode, MapNode, ProjectNode, sameSchema, splitAggregates, type PlanNode } from "@datajax/core-ir";
import type { Rule } from "../rule.js";

/**
 * Eager aggregation (Yan & Larson; Polars pushes group-bys below joins the same way): aggregates
 * over the left side of an inner join are computed per left group before the join, so the join
 * sees one row per group instead of one per left row.
 *
 *   Aggregate: n = count(), fare = sum(fare)          Project: zone, borough, n, fare
 *     GroupBy: zone, borough                             Map: n = fill_null(__pj0_n, 0)
 *       Join: inner on zone = LocationID           →       Aggregate: __pj0_n = sum(__pa0_n), fare = sum(__pa1_s)
 *         trips                                              GroupBy: zone, borough
 *         zones                                                Join: inner on zone = LocationID
 *                                                                Aggregate: __pa0_n = count(), __pa1_s = sum(fare)
 *                                                                  GroupBy: zone
 *                                                                    trips
 *                                                                zones
 *
 * Sound for inner joins because each left row meets the same m right rows as its group does: the
 * final sums count every partial m times, as the original counted every row m times; min and max
 * do not mind. Applies when every aggregate splits (core-ir's splitAggregate) and reads left
 * columns only, the group keys are left columns or unrenamed right columns, and no right column
 * needed a suffix. The partial groups by the left group keys plus the join keys.
 * Run after filter pushdown (filters reach the join sides first) and before pruning.
 *
 * @example
 * ```ts
 * import { explainTree, field, schema, t } from "@datajax/core-ir";
 * import { Frame, sum } from "@datajax/transforms";
 * import { preAggregateBeforeJoin, optimizeWith } from "@datajax/optimizer";
 * const trips = Frame.fromSchema("trips", schema([field("zone", t.int32), field("fare", t.float64)]));
 * const zones = Frame.fromSchema("zones", schema([field("zone", t.int32), field("borough", t.utf8())]), { slot: 1 });
 * const plan = trips.join(zones, { on: "zone" }).groupBy("borough").agg({ fare: sum("fare") }).plan;
 * const optimized = explainTree(optimizeWith([preAggregateBeforeJoin], plan));
 * optimized.includes("Aggregate: __pa0_s = sum(fare)"); // true: partial sums per zone, below the join
 * ```
 */
export const preAggregateBeforeJoin: Rule = {
  name: "pre_aggregate_before_join",
  apply(node: PlanNode): PlanNode {
    if (node.kind !== "Aggregate" || node.input.kind !== "GroupBy" || node.input.input.kind !== "Join") return node;
    const join = node.input.input;
    if (join.how !== "inner") return node;
    const keys = node.keys;
    const leftNames = join.left.schema.fields.map((f) => f.name);
    const rightKept = join.right.schema.fields.map((f) => f.name).filter((n) => !join.rightOn.includes(n));
    // A suffixed right column would be named differently over fewer left columns.
    if (rightKept.some((n) => leftNames.includes(n))) return node;
    if (!keys.every((k) => leftNames.includes(k) || rightKept.includes(k))) return node;
    const split = splitAggregates(node.aggregates, "__pa", "__pj");
    if (!split) return node;
    if (!node.aggregates.every((a) => a.agg.arg === null || columnsOf(a.agg.arg).every((c) => leftNames.includes(c)))) return node;
    // Nothing to gain when the left side already has one row per key it would group by (this
    // rule's own output, among others).
    const left = join.left;
    if (left.kind === "Aggregate" && join.leftOn.every((k) => left.keys.includes(k))) return node;

    const partialKeys = [...keys.filter((k) => leftNames.includes(k)), ...join.leftOn.filter((k) => !keys.includes(k))];
    const { partials, finals, outputs } = split;
    const partial = AggregateNode.create(GroupByNode.create(join.left, partialKeys), partials);
    const joined = JoinNode.create(partial, join.right, "inner", join.leftOn, join.rightOn, join.suffix);
    const final = AggregateNode.create(GroupByNode.create(joined, keys), finals);
    const result = ProjectNode.select(outputs.length > 0 ? MapNode.create(final, outputs) : final, node.schema.fields.map((f) => f.name));
    return sameSchema(result.schema, node.schema) ? result : node;
  },
};
