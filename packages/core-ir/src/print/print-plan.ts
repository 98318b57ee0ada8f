import { childrenOf } from "../nodes/children.js";
import type { PlanNode } from "../nodes/plan-node.js";
import { formatSharding } from "../sharding/sharding.js";
import { formatSchema } from "../types/schema.js";
import { nodeLabel } from "./node-label.js";

/**
 * A jaxpr-like listing: one typed binder per node, inputs before their consumers.
 *   t3: {PULocationID:int32, n:int64} @hash(PULocationID) = aggregate[n = count()] t2
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
