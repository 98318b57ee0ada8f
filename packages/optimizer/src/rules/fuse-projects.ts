import { ProjectNode, type PlanNode } from "@datajax/core-ir";
import type { Rule } from "../rule.js";

/**
 * Composes stacked select/renames into one:
 *
 *   Project: b as c        →  Project: a as c
 *     Project: a as b           x
 *       x
 *
 * Exact: each outer column names an inner column, which names an input column.
 * Needs nothing before it; remove_noop_nodes afterwards drops the result if it is the identity.
 *
 * @example
 * ```ts
 * import { explainTree, field, schema, t } from "@datajax/core-ir";
 * import { Frame } from "@datajax/transforms";
 * import { fuseProjects, optimizeWith } from "@datajax/optimizer";
 * const trips = Frame.fromSchema("trips", schema([field("fare", t.float64), field("tip", t.float64)]));
 * const plan = trips.select({ amount: "fare" }).select({ total: "amount" }).plan;
 * console.log(explainTree(optimizeWith([fuseProjects], plan)));
 * // Project: fare as total
 * //   Scan: trips
 * ```
 */
export const fuseProjects: Rule = {
  name: "fuse_projects",
  order: "bottom_up",
  apply(node: PlanNode): PlanNode {
    if (node.kind !== "Project" || node.input.kind !== "Project") return node;
    const inner = node.input;
    const fromOf = new Map(inner.columns.map((c) => [c.name, c.from] as const));
    return ProjectNode.create(inner.input, node.columns.map((c) => ({ name: c.name, from: fromOf.get(c.from)! })));
  },
};
