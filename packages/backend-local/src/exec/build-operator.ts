import type { PlanKind, PlanNode } from "@datajax/core-ir";
import { AggregateOperator } from "../aggregate/aggregate-operator.js";
import { HashJoinOperator } from "../join/hash-join-operator.js";
import { SortOperator } from "../sort/sort-operator.js";
import { ChainOperator } from "./chain-operator.js";
import { LimitOperator } from "./limit-operator.js";
import { PassThroughOperator } from "./pass-through-operator.js";
import type { PhysicalOperator } from "./physical-operator.js";
import { ScanOperator } from "./scan-operator.js";
import { UdfOperator } from "./udf-operator.js";
import { UnionOperator } from "./union-operator.js";

type Build = (n: PlanNode) => PhysicalOperator;
type Builders = { readonly [K in PlanKind]: (node: Extract<PlanNode, { kind: K }>, build: Build) => PhysicalOperator };

/** One physical operator per plan node kind: a new kind in core-ir fails to compile here. */
const builders: Builders = {
  Scan: (n) => new ScanOperator(n),
  Map: (n, b) => new ChainOperator(n, b),
  Filter: (n, b) => new ChainOperator(n, b),
  Project: (n, b) => new ChainOperator(n, b),
  GroupBy: (n, b) => new PassThroughOperator(`group by [${n.keys.join(", ")}] without aggregate`, n, b),
  Aggregate: (n, b) => new AggregateOperator(n, b),
  Join: (n, b) => new HashJoinOperator(n, b),
  Repartition: (n, b) => new PassThroughOperator(`repartition ${n.sharding.kind}`, n, b),
  CustomUDF: (n, b) => new UdfOperator(n, b),
  Sort: (n, b) => new SortOperator(n, b),
  Limit: (n, b) => new LimitOperator(n, b),
  Union: (n, b) => new UnionOperator(n, b),
};

/** Compiles a plan into a tree of physical operators (code generation happens here and per layout). */
export function buildOperator(node: PlanNode): PhysicalOperator {
  return (builders[node.kind] as (n: PlanNode, b: Build) => PhysicalOperator)(node, buildOperator);
}
