import {
  AggregateNode, Expr, GroupByNode, MapNode, ProjectNode, RepartitionNode, sameSchema, t,
  type AggregateName, type NamedAggregate, type PlanNode, type Sharding,
} from "@datajax/core-ir";

/**
 * How an aggregate splits into partials per rank and a final over the exchanged partials:
 * `partials` are computed per rank, `finals` over them after the exchange, and `output` combines
 * the finals into the original result (null: the final already is it). Aggregates without an entry
 * (first, last, count_distinct, var, std: merging var needs Chan's formula, which no registry
 * aggregate computes yet) are not split; their Aggregate exchanges first.
 */
interface Split {
  readonly partials: readonly { readonly part: string; readonly fn: AggregateName; readonly arg: Expr | null }[];
  readonly finals: readonly { readonly part: string; readonly fn: AggregateName }[];
  readonly output: ((final: (part: string) => Expr) => Expr) | null;
}

const col = Expr.column;
const splits: Partial<Record<AggregateName, (arg: Expr | null) => Split>> = {
  count: (arg) => ({ partials: [{ part: "n", fn: "count", arg }], finals: [{ part: "n", fn: "sum" }], output: (f) => Expr.call("fill_null", [f("n"), Expr.literal(0, t.int64)]) }),
  sum: (arg) => ({ partials: [{ part: "s", fn: "sum", arg }], finals: [{ part: "s", fn: "sum" }], output: null }),
  min: (arg) => ({ partials: [{ part: "v", fn: "min", arg }], finals: [{ part: "v", fn: "min" }], output: null }),
  max: (arg) => ({ partials: [{ part: "v", fn: "max", arg }], finals: [{ part: "v", fn: "max" }], output: null }),
  // The sum of no values is null, so a group without values divides null by its count: null.
  mean: (arg) => ({
    partials: [{ part: "s", fn: "sum", arg }, { part: "n", fn: "count", arg }],
    finals: [{ part: "s", fn: "sum" }, { part: "n", fn: "sum" }],
    output: (f) => Expr.call("div", [Expr.call("cast", [f("s")], { to: t.float64 }), f("n")]),
  }),
};

/** Whether every aggregate of `node` splits into partial and final. */
export const decomposes = (node: AggregateNode): boolean => node.aggregates.every((a) => splits[a.agg.fn] !== undefined);

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
  const parts = node.aggregates.map((a) => splits[a.agg.fn]?.(a.agg.arg));
  if (parts.some((p) => p === undefined)) return null;
  const grouped = (n: PlanNode) => (node.keys.length > 0 ? GroupByNode.create(n, node.keys) : n);
  const partials: NamedAggregate[] = [];
  const finals: NamedAggregate[] = [];
  const outputs: { name: string; expr: Expr }[] = [];
  parts.forEach((split, i) => {
    const name = node.aggregates[i]!.name;
    for (const p of split!.partials) partials.push({ name: `__p${i}_${p.part}`, agg: Expr.aggregate(p.fn, p.arg) });
    for (const f of split!.finals) finals.push({ name: split!.output ? `__f${i}_${f.part}` : name, agg: Expr.aggregate(f.fn, col(`__p${i}_${f.part}`)) });
    if (split!.output) outputs.push({ name, expr: split!.output((part) => col(`__f${i}_${part}`)) });
  });
  const partial = AggregateNode.create(grouped(source), partials);
  const final = AggregateNode.create(grouped(RepartitionNode.create(partial, exchange)), finals);
  const combined = outputs.length > 0 ? MapNode.create(final, outputs) : final;
  const result = ProjectNode.select(combined, node.schema.fields.map((f) => f.name));
  return sameSchema(result.schema, node.schema) ? result : null;
}
