import { AggregateNode } from "./aggregate.js";
import { CustomUdfNode } from "./custom-udf.js";
import { FilterNode } from "./filter.js";
import { GroupByNode } from "./group-by.js";
import { JoinNode } from "./join.js";
import { LimitNode } from "./limit.js";
import { MapNode } from "./map.js";
import { dispatch, type PerKind, type PlanNode } from "./plan-node.js";
import { ProjectNode } from "./project.js";
import { RepartitionNode } from "./repartition.js";
import { SortNode } from "./sort.js";
import { UnionNode } from "./union.js";

const childrenTable: PerKind<readonly PlanNode[]> = {
  Scan: () => [],
  Map: (n) => [n.input],
  Project: (n) => [n.input],
  Filter: (n) => [n.input],
  GroupBy: (n) => [n.input],
  Aggregate: (n) => [n.input],
  Join: (n) => [n.left, n.right],
  Repartition: (n) => [n.input],
  CustomUDF: (n) => [n.input],
  Sort: (n) => [n.input],
  Limit: (n) => [n.input],
  Union: (n) => n.inputs,
};

/**
 * The inputs of a node, left to right (empty for a Scan; left then right for a Join).
 *
 * @example
 * ```ts
 * import { childrenOf, Expr, field, FilterNode, ScanNode, schema, t } from "@datajax/core-ir";
 *
 * const trips = ScanNode.create({ kind: "argument", name: "trips", uri: "arg:0", slot: 0 }, schema([field("PULocationID", t.int32, false), field("fare_amount", t.float64)]));
 * const paid = FilterNode.create(trips, Expr.call("gt", [Expr.column("fare_amount"), Expr.literal(0, t.float64)]));
 * childrenOf(paid); // [trips]
 * ```
 */
export function childrenOf(node: PlanNode): readonly PlanNode[] {
  return dispatch(childrenTable, node);
}

type Rebuild = { readonly [K in PlanNode["kind"]]: (node: Extract<PlanNode, { kind: K }>, c: readonly PlanNode[]) => PlanNode };

const rebuildTable: Rebuild = {
  Scan: (n) => n,
  Map: (n, c) => MapNode.create(c[0]!, n.assignments),
  Project: (n, c) => ProjectNode.create(c[0]!, n.columns),
  Filter: (n, c) => FilterNode.create(c[0]!, n.predicate),
  GroupBy: (n, c) => GroupByNode.create(c[0]!, n.keys),
  Aggregate: (n, c) => AggregateNode.create(c[0]!, n.aggregates),
  Join: (n, c) => JoinNode.create(c[0]!, c[1]!, n.how, n.leftOn, n.rightOn, n.suffix),
  Repartition: (n, c) => RepartitionNode.create(c[0]!, n.sharding, n.strict),
  CustomUDF: (n, c) => CustomUdfNode.create(c[0]!, n.name, n.mode, n.reads, n.schema),
  Sort: (n, c) => SortNode.create(c[0]!, n.keys),
  Limit: (n, c) => LimitNode.create(c[0]!, n.count, n.offset, n.by),
  Union: (_n, c) => UnionNode.create(c),
};

/**
 * The same node over new inputs (re-validated, schema and sharding recomputed); `node` itself if
 * nothing changed. Throws what the node's factory throws when the new inputs do not fit.
 *
 * @example
 * ```ts
 * import { childrenOf, Expr, field, FilterNode, ScanNode, schema, Sharding, t, withChildren } from "@datajax/core-ir";
 *
 * const trips = ScanNode.create({ kind: "argument", name: "trips", uri: "arg:0", slot: 0 }, schema([field("PULocationID", t.int32, false), field("fare_amount", t.float64)]));
 * const paid = FilterNode.create(trips, Expr.call("gt", [Expr.column("fare_amount"), Expr.literal(0, t.float64)]));
 * const blocked = ScanNode.create(trips.source, trips.sourceSchema, { sharding: Sharding.block() });
 * withChildren(paid, [blocked]).sharding; // { kind: "block", axis: "data" }
 * ```
 */
export function withChildren(node: PlanNode, children: readonly PlanNode[]): PlanNode {
  const old = childrenOf(node);
  if (old.length === children.length && old.every((c, i) => c === children[i])) return node;
  return (rebuildTable[node.kind] as (n: PlanNode, c: readonly PlanNode[]) => PlanNode)(node, children);
}

/**
 * Rewrites bottom-up: children first, then `f` on the node rebuilt over the new children. A shared
 * subplan is rewritten once and its result shared by every parent (the plan stays a DAG).
 *
 * @example
 * ```ts
 * import { FilterNode, transformUp, type PlanNode } from "@datajax/core-ir";
 *
 * declare const plan: PlanNode;
 * // Drops every Filter whose predicate is the literal true.
 * const simpler = transformUp(plan, (n) => (FilterNode.is(n) && n.predicate.kind === "literal" && n.predicate.value === true ? n.input : n));
 * ```
 */
export function transformUp(node: PlanNode, f: (n: PlanNode) => PlanNode): PlanNode {
  const done = new Map<PlanNode, PlanNode>();
  const go = (n: PlanNode): PlanNode => {
    const known = done.get(n);
    if (known) return known;
    const out = f(withChildren(n, childrenOf(n).map(go)));
    done.set(n, out);
    return out;
  };
  return go(node);
}

/**
 * Folds a plan bottom-up: `visit(node, childResults)` once per node, children first; a shared
 * subplan is folded once. `known` seeds results for nodes that are not to be visited (leaves a
 * caller substitutes).
 *
 * @example
 * ```ts
 * import { foldUp, type PlanNode } from "@datajax/core-ir";
 *
 * declare const plan: PlanNode;
 * // The longest path from the root down to a Scan.
 * const depth = foldUp<number>(plan, (_node, children) => 1 + Math.max(0, ...children));
 * ```
 */
export function foldUp<T>(root: PlanNode, visit: (node: PlanNode, children: readonly T[]) => T, known: ReadonlyMap<PlanNode, T> = new Map()): T {
  const done = new Map<PlanNode, T>(known);
  const go = (n: PlanNode): T => {
    if (done.has(n)) return done.get(n)!;
    const out = visit(n, childrenOf(n).map(go));
    done.set(n, out);
    return out;
  };
  return go(root);
}

/**
 * Visits every node once, parents before children (shared subplans are visited once).
 *
 * @example
 * ```ts
 * import { walkPlan, type PlanNode } from "@datajax/core-ir";
 *
 * declare const plan: PlanNode;
 * let exchanges = 0;
 * walkPlan(plan, (n) => { if (n.kind === "Repartition") exchanges++; });
 * ```
 */
export function walkPlan(node: PlanNode, visit: (n: PlanNode) => void, seen = new Set<PlanNode>()): void {
  if (seen.has(node)) return;
  seen.add(node);
  visit(node);
  for (const c of childrenOf(node)) walkPlan(c, visit, seen);
}

