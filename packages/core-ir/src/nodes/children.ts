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

/** The inputs of a node, left to right. */
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

/** The same node over new inputs (re-validated, schema and sharding recomputed); `node` itself if nothing changed. */
export function withChildren(node: PlanNode, children: readonly PlanNode[]): PlanNode {
  const old = childrenOf(node);
  if (old.length === children.length && old.every((c, i) => c === children[i])) return node;
  return (rebuildTable[node.kind] as (n: PlanNode, c: readonly PlanNode[]) => PlanNode)(node, children);
}

/**
 * Rewrites bottom-up: children first, then `f` on the node rebuilt over the new children. A shared
 * subplan is rewritten once and its result shared by every parent (the plan stays a DAG).
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

/** Visits every node once, parents before children (shared subplans are visited once). */
export function walkPlan(node: PlanNode, visit: (n: PlanNode) => void, seen = new Set<PlanNode>()): void {
  if (seen.has(node)) return;
  seen.add(node);
  visit(node);
  for (const c of childrenOf(node)) walkPlan(c, visit, seen);
}

