import {
  AggregateNode, GroupByNode, LimitNode, RepartitionNode, ScanNode, Sharding, SortNode, UnionNode,
  childrenOf, colocates, foldUp, sameSharding, withChildren,
  type JoinNode as Join, type PlanKind, type PlanNode,
} from "@datajax/core-ir";
import { decomposes, twoPhaseAggregate } from "../aggregation/two-phase-aggregate.js";
import { DEFAULT_BROADCAST_THRESHOLD_BYTES, type PlanStagesOptions } from "../planner-options.js";
import { estimateBytes, estimateDistinct, estimateRows } from "./estimates.js";

interface Context {
  readonly axis: string;
  readonly options: PlanStagesOptions;
}

/** Rebuilds `node` over its distributed children, inserting the exchanges it needs. */
type Distribute<K extends PlanKind> = (node: Extract<PlanNode, { kind: K }>, children: readonly PlanNode[], ctx: Context) => PlanNode;

const isDistributed = (s: Sharding) => s.kind === "block" || s.kind === "hash";
const exchange = (n: PlanNode, to: Sharding) => (sameSharding(n.sharding, to) ? n : RepartitionNode.create(n, to));

/** Both sides hashed on the join keys, position by position, on one axis: matching rows share a rank. */
function copartitioned(l: Sharding, r: Sharding, join: Join): boolean {
  if (l.kind !== "hash" || r.kind !== "hash" || l.axis !== r.axis || l.keys.length !== r.keys.length) return false;
  return l.keys.every((k, i) => {
    const j = join.leftOn.indexOf(k);
    return j >= 0 && join.rightOn[j] === r.keys[i];
  });
}

/** Joins whose right side may be copied to every rank (they never emit an unmatched right row). */
const BROADCASTABLE = new Set(["inner", "left", "semi", "anti"]);

/**
 * What each node needs of its input's sharding, as a table keyed by node kind. Row-wise nodes
 * (Map, Filter, Project, CustomUDF) need nothing and keep what they get; the others:
 * - Aggregate: rows of a group on one rank; global aggregates: every partial on every rank;
 * - Join: co-partitioned sides, or the right side broadcast (inner/left/semi/anti under the threshold);
 * - Sort, Limit: the whole input (gathered to every rank);
 * - Union: no replicated input beside a distributed one (it would repeat on every rank);
 * - Repartition: the user's exchange; a non-strict one the input already meets is dropped.
 */
const distributeTable: { readonly [K in PlanKind]: Distribute<K> } = {
  Scan: (n, _c, ctx) => (n.sharding.kind === "single" ? ScanNode.create(n.source, n.sourceSchema, { columns: n.columns, filter: n.filter, sharding: Sharding.replicated(ctx.axis) }) : n),
  Map: (n, c) => withChildren(n, c),
  Filter: (n, c) => withChildren(n, c),
  Project: (n, c) => withChildren(n, c),
  CustomUDF: (n, c) => withChildren(n, c),
  GroupBy: (n, c) => withChildren(n, c),
  Aggregate: (n, [input], ctx) => {
    const source = GroupByNode.is(input!) ? input.input : input!;
    if (colocates(source.sharding, n.keys) && !(n.keys.length === 0 && isDistributed(source.sharding))) return withChildren(n, [input!]);
    const target = n.keys.length > 0 ? Sharding.hash(n.keys, ctx.axis) : Sharding.replicated(ctx.axis);
    if (prefersTwoPhase(n, source, ctx)) {
      const split = twoPhaseAggregate(n, source, target);
      if (split) return split;
    }
    const moved = RepartitionNode.create(source, target);
    return AggregateNode.create(n.keys.length > 0 ? GroupByNode.create(moved, n.keys) : moved, n.aggregates);
  },
  Join: (n, [left, right], ctx) => {
    const l = left!;
    const r = right!;
    const replicated = (s: Sharding) => s.kind === "replicated";
    if ((replicated(l.sharding) && replicated(r.sharding)) || copartitioned(l.sharding, r.sharding, n)) return withChildren(n, [l, r]);
    if (BROADCASTABLE.has(n.how)) {
      if (replicated(r.sharding)) return withChildren(n, [l, r]);
      const threshold = ctx.options.broadcastThresholdBytes ?? DEFAULT_BROADCAST_THRESHOLD_BYTES;
      if (estimateBytes(r, ctx.options.estimates) <= threshold) return withChildren(n, [l, exchange(r, Sharding.replicated(ctx.axis))]);
    }
    return withChildren(n, [exchange(l, Sharding.hash(n.leftOn, ctx.axis)), exchange(r, Sharding.hash(n.rightOn, ctx.axis))]);
  },
  Sort: (n, [input], ctx) => (isDistributed(input!.sharding) ? SortNode.create(exchange(input!, Sharding.replicated(ctx.axis)), n.keys) : withChildren(n, [input!])),
  Limit: (n, [input], ctx) => {
    if (!isDistributed(input!.sharding)) return withChildren(n, [input!]);
    // A per-group limit needs each group on one rank, like a grouped aggregate.
    if (n.by.length > 0) return colocates(input!.sharding, n.by) ? withChildren(n, [input!]) : LimitNode.create(exchange(input!, Sharding.hash(n.by, ctx.axis)), n.count, n.offset, n.by);
    // Each rank keeps its first count + offset rows; the gathered rows are cut once more.
    const local = LimitNode.create(input!, n.count + n.offset, 0);
    return LimitNode.create(exchange(local, Sharding.replicated(ctx.axis)), n.count, n.offset);
  },
  Union: (n, inputs, ctx) => {
    if (!inputs.some((i) => isDistributed(i.sharding))) return withChildren(n, inputs);
    return UnionNode.create(inputs.map((i) => (i.sharding.kind === "replicated" ? exchange(i, Sharding.block(ctx.axis)) : i)));
  },
  Repartition: (n, [input]) => (!n.strict && sameSharding(input!.sharding, n.sharding) ? input! : RepartitionNode.create(input!, n.sharding, n.strict)),
};

/** Two-phase unless told otherwise, or unless the estimates say groups are nearly unique (partials would not shrink). */
function prefersTwoPhase(n: AggregateNode, source: PlanNode, ctx: Context): boolean {
  const strategy = ctx.options.aggregation ?? "auto";
  if (strategy !== "auto") return strategy === "two_phase" && decomposes(n);
  if (!decomposes(n)) return false;
  if (n.keys.length === 0) return true;
  const rows = estimateRows(source, ctx.options.estimates);
  const groups = estimateDistinct(source, n.keys, ctx.options.estimates);
  return !(Number.isFinite(rows) && Number.isFinite(groups) && groups >= rows * (ctx.options.uniqueGroupRatio ?? 0.5));
}

/** The axis the plan is distributed over (its first distributed scan's or repartition's), or null for a single-process plan. */
function distributedAxis(plan: PlanNode): string | null {
  const seen = new Set<PlanNode>();
  const visit = (n: PlanNode): string | null => {
    if (seen.has(n)) return null;
    seen.add(n);
    if ((n.kind === "Scan" || n.kind === "Repartition") && n.sharding.kind !== "single") return n.sharding.axis;
    for (const c of childrenOf(n)) {
      const a = visit(c);
      if (a !== null) return a;
    }
    return null;
  };
  return visit(plan);
}

/**
 * The physical plan: the logical plan with exchanges (Repartition nodes) wherever a node needs rows
 * where they are not, two-phase aggregates, broadcast or shuffled joins, and gathers for Sort and
 * Limit. A plan whose scans are all unsharded (single process) comes back unchanged; in a
 * distributed plan an unsharded scan is read whole by every rank (replicated).
 */
export function distribute(plan: PlanNode, options: PlanStagesOptions = {}): PlanNode {
  const axis = distributedAxis(plan);
  if (axis === null) return plan;
  const ctx: Context = { axis, options };
  return foldUp<PlanNode>(plan, (n, children) => (distributeTable[n.kind] as Distribute<PlanKind>)(n as never, children, ctx));
}
