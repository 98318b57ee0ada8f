import {
  AggregateNode, Expr, GroupByNode, JoinNode, LimitNode, MapNode, ProjectNode, SortNode, UnionNode,
  columnsOf, findField, foldUp, withChildren,
  type NamedAggregate, type PlanKind, type PlanNode,
} from "@datajax/core-ir";
import { NotBatchableError } from "../errors/not-batchable-error.js";

/** A node rewritten for all groups at once: its plan, and whether it carries the group keys. */
export interface Batched {
  readonly plan: PlanNode;
  readonly batched: boolean;
}

export interface BatchingContext {
  /** The vmap's group key columns. */
  readonly keys: readonly string[];
  /** The distinct keys of the mapped arguments (every group the output must have a row for). */
  readonly groups: () => PlanNode;
}

type Rule<K extends PlanKind> = (node: Extract<PlanNode, { kind: K }>, inputs: readonly Batched[], ctx: BatchingContext) => Batched;

const same = (node: PlanNode, inputs: readonly Batched[]): Batched => ({ plan: withChildren(node, inputs.map((i) => i.plan)), batched: inputs.some((i) => i.batched) });
const unbatched = (inputs: readonly Batched[]) => inputs.every((i) => !i.batched);

/** Marks real rows (non-null) apart from the padding rows a global aggregate adds for empty groups. */
const ROW_MARK = "__vmap_row";

/**
 * The batching rule of every node kind, as one table (JAX's batching rules): given the node and its
 * inputs already batched, the node that computes it for every group at once. A node whose inputs
 * are all unbatched (broadcast arguments only) stays as it is.
 */
export const batchingRules: { readonly [K in PlanKind]: Rule<K> } = {
  Scan: (n) => ({ plan: n, batched: false }),
  Map: (n, inputs, ctx) => {
    if (inputs[0]!.batched) {
      const clash = n.assignments.find((a) => ctx.keys.includes(a.name));
      if (clash) throw new NotBatchableError("Map", `it assigns the vmap key column "${clash.name}"; give the result another name`);
    }
    return same(n, inputs);
  },
  Filter: (n, inputs) => same(n, inputs),
  Repartition: (n, inputs) => same(n, inputs),
  Project: (n, [input], ctx) => {
    if (!input!.batched) return same(n, [input!]);
    const clash = n.columns.find((c) => ctx.keys.includes(c.name) && c.from !== c.name);
    if (clash) throw new NotBatchableError("Project", `it names "${clash.from}" as the vmap key column "${clash.name}"`);
    const missing = ctx.keys.filter((k) => !n.columns.some((c) => c.name === k)).map((k) => ({ name: k, from: k }));
    return { plan: ProjectNode.create(input!.plan, [...missing, ...n.columns]), batched: true };
  },
  GroupBy: (n, [input], ctx) => (input!.batched ? { plan: GroupByNode.create(input!.plan, [...ctx.keys, ...n.keys.filter((k) => !ctx.keys.includes(k))]), batched: true } : same(n, [input!])),
  Aggregate: (n, [input], ctx) => {
    if (!input!.batched) return same(n, [input!]);
    if (GroupByNode.is(input!.plan)) return { plan: AggregateNode.create(input!.plan, n.aggregates), batched: true };
    // A global aggregate: one row per group, empty groups included (count() of none is 0, sum of
    // none is null), so every group of the mapped arguments gets a padding row of nulls.
    // Only the keys and the columns the aggregates read take part, so an enclosing vmap's own key
    // passes through untouched (nested vmap).
    const read = [...new Set(n.aggregates.flatMap((a) => (a.agg.arg ? columnsOf(a.agg.arg) : [])))].filter((c) => !ctx.keys.includes(c));
    const rows = ProjectNode.select(input!.plan, [...ctx.keys, ...read]);
    const real = MapNode.create(rows, [{ name: ROW_MARK, expr: Expr.literal(true, { id: "bool" }) }]);
    const pad = ProjectNode.select(
      MapNode.create(ctx.groups(), [...read.map((c) => ({ name: c, expr: Expr.literal(null, findField(rows.schema, c)!.type) })), { name: ROW_MARK, expr: Expr.literal(null, { id: "bool" }) }]),
      real.schema.fields.map((f) => f.name),
    );
    const aggregates: NamedAggregate[] = n.aggregates.map((a) => (a.agg.fn === "count" && a.agg.arg === null ? { name: a.name, agg: Expr.aggregate("count", Expr.column(ROW_MARK)) } : a));
    return { plan: AggregateNode.create(GroupByNode.create(UnionNode.create([real, pad]), ctx.keys), aggregates), batched: true };
  },
  Join: (n, [left, right], ctx) => {
    const l = left!;
    const r = right!;
    if (unbatched([l, r])) return same(n, [l, r]);
    if (l.batched && r.batched) {
      const leftOn = [...ctx.keys, ...n.leftOn.filter((k) => !ctx.keys.includes(k))];
      const rightOn = [...ctx.keys, ...n.rightOn.filter((_k, i) => !ctx.keys.includes(n.leftOn[i]!))];
      return { plan: JoinNode.create(l.plan, r.plan, n.how, leftOn, rightOn, n.suffix), batched: true };
    }
    // One side per group, the other broadcast: only joins that never emit a broadcast row alone.
    if (l.batched && ["inner", "left", "semi", "anti"].includes(n.how)) return same(n, [l, r]);
    if (r.batched && n.how === "inner" && !ctx.keys.some((k) => findField(l.plan.schema, k) || n.rightOn.includes(k))) return same(n, [l, r]);
    throw new NotBatchableError(`Join (${n.how})`, `one side is per group and the other broadcast, and a ${n.how} join would emit broadcast rows outside any group`);
  },
  Sort: (n, [input], ctx) => (input!.batched ? { plan: SortNode.create(input!.plan, [...ctx.keys.map((column) => ({ column, descending: false, nullsLast: true })), ...n.keys]), batched: true } : same(n, [input!])),
  Limit: (n, [input], ctx) => (input!.batched ? { plan: LimitNode.create(input!.plan, n.count, n.offset, [...ctx.keys, ...n.by.filter((k) => !ctx.keys.includes(k))]), batched: true } : same(n, [input!])),
  Union: (_n, inputs) => {
    if (inputs.every((i) => i.batched) || unbatched(inputs)) return { plan: UnionNode.create(inputs.map((i) => i.plan)), batched: inputs[0]!.batched };
    throw new NotBatchableError("Union", "some inputs are per group and some broadcast");
  },
  CustomUDF: (n, inputs) => {
    if (unbatched(inputs)) return same(n, inputs);
    throw new NotBatchableError(`CustomUDF "${n.name}"`, "a user function sees arbitrary rows, so vmap cannot know it computes per group; apply it before or after the vmap");
  },
};

/** Rewrites `plan` for every group, substituting `leaves` (placeholder scans) with the batched arguments. */
export function batchPlan(plan: PlanNode, leaves: ReadonlyMap<PlanNode, Batched>, ctx: BatchingContext): Batched {
  return foldUp<Batched>(plan, (n, inputs) => (batchingRules[n.kind] as Rule<PlanKind>)(n as never, inputs, ctx), leaves);
}

/** The distinct values of `keys` in `plan`: an Aggregate with no aggregates. */
export const distinctKeys = (plan: PlanNode, keys: readonly string[]): PlanNode => AggregateNode.create(GroupByNode.create(plan, keys), []);


