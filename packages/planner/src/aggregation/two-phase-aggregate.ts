import { AggregateNode, Expr, GroupByNode, MapNode, ProjectNode, RepartitionNode, sameSchema, splitAggregate, type NamedAggregate, type PlanNode, type Sharding } from "@datajax/core-ir";

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
  const parts = node.aggregates.map((a) => splitAggregate(a.agg.fn, a.agg.arg));
  if (parts.some((p) => p === undefined)) return null;
  const grouped = (n: PlanNode) => (node.keys.length > 0 ? GroupByNode.create(n, node.keys) : n);
  const partials: NamedAggregate[] = [];
  const finals: NamedAggregate[] = [];
  const outputs: { name: string; expr: Expr }[] = [];
  parts.forEach((split, i) => {
    const name = node.aggregates[i]!.name;
    for (const p of split!.partials) partials.push({ name: `__p${i}_${p.part}`, agg: Expr.aggregate(p.fn, p.arg) });
    for (const f of split!.finals) finals.push({ name: split!.output ? `__f${i}_${f.part}` : name, agg: Expr.aggregate(f.fn, Expr.column(`__p${i}_${f.part}`)) });
    if (split!.output) outputs.push({ name, expr: split!.output((part) => Expr.column(`__f${i}_${part}`)) });
  });
  const partial = AggregateNode.create(grouped(source), partials);
  const final = AggregateNode.create(grouped(RepartitionNode.create(partial, exchange)), finals);
  const combined = outputs.length > 0 ? MapNode.create(final, outputs) : final;
  const result = ProjectNode.select(combined, node.schema.fields.map((f) => f.name));
  return sameSchema(result.schema, node.schema) ? result : null;
}
