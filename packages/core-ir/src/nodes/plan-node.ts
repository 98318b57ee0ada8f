import type { AggregateNode } from "./aggregate.js";
import type { CustomUdfNode } from "./custom-udf.js";
import type { FilterNode } from "./filter.js";
import type { GroupByNode } from "./group-by.js";
import type { JoinNode } from "./join.js";
import type { LimitNode } from "./limit.js";
import type { MapNode } from "./map.js";
import type { ProjectNode } from "./project.js";
import type { RepartitionNode } from "./repartition.js";
import type { ScanNode } from "./scan.js";
import type { SortNode } from "./sort.js";
import type { UnionNode } from "./union.js";

/**
 * Every logical plan node, a tagged union on `kind`. Each carries its output `schema` and
 * `sharding`; nodes are frozen and built by their factories (`ScanNode.create`...), which validate.
 *
 * @example
 * ```ts
 * import { walkPlan, type PlanNode } from "@datajax/core-ir";
 *
 * function scannedSources(plan: PlanNode): string[] {
 *   const names: string[] = [];
 *   walkPlan(plan, (n) => { if (n.kind === "Scan") names.push(n.source.name); });
 *   return names;
 * }
 * ```
 */
export type PlanNode =
  | ScanNode
  | MapNode
  | ProjectNode
  | FilterNode
  | GroupByNode
  | AggregateNode
  | JoinNode
  | RepartitionNode
  | CustomUdfNode
  | SortNode
  | LimitNode
  | UnionNode;

/**
 * The `kind` tag of a plan node (`"Scan"`, `"Map"`, ... `"Union"`).
 *
 * @example
 * ```ts
 * import { walkPlan, type PlanKind, type PlanNode } from "@datajax/core-ir";
 *
 * declare const plan: PlanNode;
 * const kinds = new Set<PlanKind>();
 * walkPlan(plan, (n) => kinds.add(n.kind));
 * ```
 */
export type PlanKind = PlanNode["kind"];

/**
 * A table with one entry per node kind: adding a kind breaks the build until every table handles it.
 *
 * @example
 * ```ts
 * import { dispatch, type PerKind, type PlanNode } from "@datajax/core-ir";
 *
 * const readsData: PerKind<boolean> = {
 *   Scan: () => true, Map: () => false, Project: () => false, Filter: () => false, GroupBy: () => false, Aggregate: () => false,
 *   Join: () => false, Repartition: () => false, CustomUDF: () => false, Sort: () => false, Limit: () => false, Union: () => false,
 * };
 * declare const node: PlanNode;
 * dispatch(readsData, node);
 * ```
 */
export type PerKind<R> = { readonly [K in PlanKind]: (node: Extract<PlanNode, { kind: K }>) => R };

/**
 * Calls the entry of `table` for `node`'s kind with `node` (typed as that kind) and returns its result.
 *
 * @example
 * ```ts
 * import { dispatch, type PerKind, type PlanNode } from "@datajax/core-ir";
 *
 * declare const describe: PerKind<string>; // one function per node kind
 * declare const node: PlanNode;
 * console.log(dispatch(describe, node));
 * ```
 */
export function dispatch<R>(table: PerKind<R>, node: PlanNode): R {
  return (table[node.kind] as (n: PlanNode) => R)(node);
}
