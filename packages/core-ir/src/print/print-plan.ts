import { childrenOf } from "../nodes/children.js";
import type { PlanNode } from "../nodes/plan-node.js";
import { formatSharding } from "../sharding/sharding.js";
import { formatSchema } from "../types/schema.js";
import { nodeLabel } from "./node-label.js";

/**
 * A jaxpr-like listing: one typed binder per node, inputs before their consumers.
 *   t3: {PULocationID:int32, n:int64} @hash(PULocationID) = aggregate[n = count()] t2
 * The last line is `return <binder of root>`; a shared subplan is listed once.
 *
 * @example
 * ```ts
 * import { Expr, field, FilterNode, printPlan, ScanNode, schema, t } from "@datajax/core-ir";
 *
 * const trips = ScanNode.create({ kind: "argument", name: "trips", uri: "arg:0", slot: 0 }, schema([field("fare_amount", t.float64)]));
 * console.log(printPlan(FilterNode.create(trips, Expr.call("gt", [Expr.column("fare_amount"), Expr.literal(0, t.float64)]))));
 * // t0: {fare_amount:float64?} = scan[trips]
 * // t1: {fare_amount:float64?} = filter[fare_amount > 0.0] t0
 * // return t1
 * ```
 */
export function printPlan(root: PlanNode): string {
  const names = new Map<PlanNode, string>();
  const lines: string[] = [];
  const visit = (n: PlanNode): string => {
    const known = names.get(n);
    if (known) return known;
    const inputs = childrenOf(n).map(visit);
    const name = `t${names.size}`;
    names.set(n, name);
    const { op, params } = nodeLabel(n);
    const sharding = formatSharding(n.sharding);
    lines.push(`${name}: ${formatSchema(n.schema)}${sharding ? ` ${sharding}` : ""} = ${op}[${params}]${inputs.length ? ` ${inputs.join(" ")}` : ""}`);
    return name;
  };
  const out = visit(root);
  return `${lines.join("\n")}\nreturn ${out}`;
}

/**
 * An indented tree, root first, one node per line (the form optimizer golden tests compare):
 *   Aggregate: n = count()
 *     GroupBy: PULocationID
 *       Scan: trips columns=[PULocationID]
 * With `schemas: true`, each line also ends with ` :: {schema}`.
 *
 * @example
 * ```ts
 * import { Expr, explainTree, field, FilterNode, ScanNode, schema, t } from "@datajax/core-ir";
 *
 * const trips = ScanNode.create({ kind: "argument", name: "trips", uri: "arg:0", slot: 0 }, schema([field("fare_amount", t.float64)]));
 * console.log(explainTree(FilterNode.create(trips, Expr.call("is_not_null", [Expr.column("fare_amount")]))));
 * // Filter: is_not_null(fare_amount)
 * //   Scan: trips
 * ```
 */
export function explainTree(root: PlanNode, options: { schemas?: boolean } = {}): string {
  const lines: string[] = [];
  const visit = (n: PlanNode, depth: number) => {
    const { op, params } = nodeLabel(n);
    const sharding = formatSharding(n.sharding);
    const extra = options.schemas ? ` :: ${formatSchema(n.schema)}` : "";
    lines.push(`${"  ".repeat(depth)}${n.kind}: ${params}${sharding ? ` ${sharding}` : ""}${extra}`.replace(/: $/, ""));
    void op;
    for (const c of childrenOf(n)) visit(c, depth + 1);
  };
  visit(root, 0);
  return lines.join("\n");
}
