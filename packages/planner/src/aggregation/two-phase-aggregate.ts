import { AggregateNode, GroupByNode, MapNode, ProjectNode, RepartitionNode, sameSchema, splitAggregate, splitAggregates, type PlanNode, type Sharding } from "@datajax/core-ir";

/** Whether every aggregate of `node` splits into partial and final (core-ir's splitAggregate; var, std, first, last and count_distinct do not). */
export const decomposes = (node: AggregateNode): boolean => node.aggregates.every((a) => splitAggregate(a.agg.fn, a.agg.arg) !== undefined);

/**
 * `Aggregate(GroupBy(source, keys), aggs)` as partial aggregate per rank → exchange to `exchange`
 * → final aggregate → the original columns, or null when an aggregate does not split (or the
 * rewrite would not reproduce the original schema exactly; then the caller exchanges first).
 *
 *   Aggregate: n = count(), m = mean(x)            Project: k, n, m
 *     GroupBy: k                              →      Map: n = fill_null(__n0, 0), m = cast(__s1) / __n1
 *       source                                         Aggregate: __n0 = sum(__p0_n), __s1 = sum(__p1_s), __n1 = sum(__p1_n)
 *                                                        GroupBy: k
 *                                                          Repartition: @hash(k)
 *                                                            Aggregate: __p0_n = count(), __p1_s = sum(x), __p1_n = count(x)
 *                                                              GroupBy: k
 *                                                                source
 */
export function twoPhaseAggregate(node: AggregateNode, source: PlanNode, exchange: Sharding): PlanNode | null {
  const split = splitAggregates(node.aggregates, "__p", "__f");
  if (!split) return null;
  const { partials, finals, outputs } = split;
  const grouped = (n: PlanNode) => (node.keys.length > 0 ? GroupByNode.create(n, node.keys) : n);
  const partial = AggregateNode.create(grouped(source), partials);
  const final = AggregateNode.create(grouped(RepartitionNode.create(partial, exchange)), finals);
  const combined = outputs.length > 0 ? MapNode.create(final, outputs) : final;
  const result = ProjectNode.select(combined, node.schema.fields.map((f) => f.name));
  return sameSchema(result.schema, node.schema) ? result : null;
}
