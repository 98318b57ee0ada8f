import { dispatch, type PerKind, type PlanNode } from "../nodes/plan-node.js";
import { formatSharding } from "../sharding/sharding.js";
import { formatAggregate, formatExpr } from "./format-expr.js";

/** The primitive name and its parameters, as printed in both listings: `filter[(a > 0)]`. */
const labels: PerKind<{ op: string; params: string }> = {
  Scan: (n) => ({
    op: "scan",
    params: [n.source.kind === "argument" ? `${n.source.name}` : `${n.source.kind}:${n.source.uri}`, n.columns ? `columns=[${n.columns.join(", ")}]` : "", n.filter ? `filter=${formatExpr(n.filter)}` : ""].filter(Boolean).join(" "),
  }),
  Map: (n) => ({ op: "map", params: n.assignments.map((a) => `${a.name} = ${formatExpr(a.expr)}`).join(", ") }),
  Project: (n) => ({ op: "project", params: n.columns.map((c) => (c.name === c.from ? c.name : `${c.from} as ${c.name}`)).join(", ") }),
  Filter: (n) => ({ op: "filter", params: formatExpr(n.predicate) }),
  GroupBy: (n) => ({ op: "group_by", params: n.keys.join(", ") }),
  Aggregate: (n) => ({ op: "aggregate", params: n.aggregates.map((a) => `${a.name} = ${formatAggregate(a.agg)}`).join(", ") }),
  Join: (n) => ({ op: "join", params: `${n.how} on ${n.leftOn.map((l, i) => (l === n.rightOn[i] ? l : `${l} = ${n.rightOn[i]}`)).join(", ")}` }),
  Repartition: (n) => ({ op: "repartition", params: `${formatSharding(n.sharding) || "single"}${n.strict ? " strict" : ""}` }),
  CustomUDF: (n) => ({ op: "udf", params: `${n.name} ${n.mode} reads=[${n.reads.join(", ")}]` }),
  Sort: (n) => ({ op: "sort", params: n.keys.map((k) => `${k.column}${k.descending ? " desc" : ""}${k.nullsLast ? "" : " nulls first"}`).join(", ") }),
  Limit: (n) => ({ op: "limit", params: `${n.count}${n.offset ? ` offset ${n.offset}` : ""}${n.by.length ? ` by ${n.by.join(", ")}` : ""}` }),
  Union: (n) => ({ op: "union", params: `${n.inputs.length} inputs` }),
};

export function nodeLabel(n: PlanNode): { op: string; params: string } {
  return dispatch(labels, n);
}
