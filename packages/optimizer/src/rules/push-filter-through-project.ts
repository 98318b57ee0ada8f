import { Expr, FilterNode, ProjectNode, substituteColumns, type PlanNode } from "@datajax/core-ir";
import type { Rule } from "../rule.js";

/**
 * Filters below a select/rename, renaming the predicate's columns back to the input's names:
 *
 *   Filter: fare > 0                 →  Project: fare_amount as fare
 *     Project: fare_amount as fare        Filter: fare_amount > 0
 *       x                                   x
 *
 * Always possible: every column a Project outputs is an input column under some name. The renaming
 * is simultaneous, so swaps (`a as b, b as a`) are safe.
 * Needs nothing before it.
 *
 * @example
 * ```ts
 * import { explainTree, field, schema, t } from "@datajax/core-ir";
 * import { Frame, col } from "@datajax/transforms";
 * import { pushFilterThroughProject, optimizeWith } from "@datajax/optimizer";
 * const trips = Frame.fromSchema("trips", schema([field("fare", t.float64), field("tip", t.float64)]));
 * const plan = trips.select({ amount: "fare" }).filter(col("amount").gt(0)).plan;
 * console.log(explainTree(optimizeWith([pushFilterThroughProject], plan)));
 * // Project: fare as amount
 * //   Filter: fare > 0
 * //     Scan: trips
 * ```
 */
export const pushFilterThroughProject: Rule = {
  name: "push_filter_through_project",
  order: "top_down",
  apply(node: PlanNode): PlanNode {
    if (node.kind !== "Filter" || node.input.kind !== "Project") return node;
    const project = node.input;
    const renames = new Map(project.columns.map((c) => [c.name, Expr.column(c.from)] as const));
    const predicate = substituteColumns(node.predicate, renames);
    return ProjectNode.create(FilterNode.create(project.input, predicate), project.columns);
  },
};
