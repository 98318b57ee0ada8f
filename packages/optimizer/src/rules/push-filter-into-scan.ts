import { Expr, resolveExpr, ScanNode, type PlanNode } from "@datajax/core-ir";
import type { Rule } from "../rule.js";

/**
 * Hands a filter directly over a Scan to the scan itself:
 *
 *   Filter: fare > 0                     →  Scan: trips columns=[fare, tip] filter=(vendor == 1) and (fare > 0)
 *     Scan: trips columns=[fare, tip] filter=vendor == 1
 *
 * The Filter is removed: by the Scan contract (core-ir nodes/scan.ts) rows for which the scan's
 * filter is not true are dropped by the scan — the source may use it to skip row groups, and the
 * backend applies it exactly, row by row. The predicate reads only scan output columns, so
 * `Scan.columns` still contains every column its filter reads.
 * Run it after the other filter pushdown rules, so it receives every filter that can reach the scan.
 *
 * @example
 * ```ts
 * import { explainTree, field, schema, t } from "@datajax/core-ir";
 * import { Frame, col } from "@datajax/transforms";
 * import { pushFilterIntoScan, optimizeWith } from "@datajax/optimizer";
 * const trips = Frame.fromSchema("trips", schema([field("fare", t.float64), field("tip", t.float64)]));
 * const plan = trips.filter(col("fare").gt(0)).plan;
 * console.log(explainTree(optimizeWith([pushFilterIntoScan], plan)));
 * // Scan: trips filter=fare > 0
 * ```
 */
export const pushFilterIntoScan: Rule = {
  name: "push_filter_into_scan",
  order: "top_down",
  apply(node: PlanNode): PlanNode {
    if (node.kind !== "Filter" || node.input.kind !== "Scan") return node;
    const scan = node.input;
    const filter = scan.filter ? Expr.call("and", [scan.filter, node.predicate]) : node.predicate;
    // A Scan filter must be a bool; a null-typed predicate (`filter(null)`) stays a Filter.
    if (resolveExpr(filter, scan.sourceSchema).type.id !== "bool") return node;
    return ScanNode.create(scan.source, scan.sourceSchema, { columns: scan.columns, filter, sharding: scan.sharding });
  },
};
