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

/** Every logical plan node. Each carries its output `schema` and `sharding`. */
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

export type PlanKind = PlanNode["kind"];

/** A table with one entry per node kind: adding a kind breaks the build until every table handles it. */
export type PerKind<R> = { readonly [K in PlanKind]: (node: Extract<PlanNode, { kind: K }>) => R };

/** Dispatches through a PerKind table. */
export function dispatch<R>(table: PerKind<R>, node: PlanNode): R {
  return (table[node.kind] as (n: PlanNode) => R)(node);
}
