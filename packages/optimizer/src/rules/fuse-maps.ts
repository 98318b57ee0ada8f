import { MapNode, sameSchema, substituteColumns, type Assignment, type Expr, type PlanNode } from "@datajax/core-ir";
import { countColumnRefs, isTrivial } from "../internal/expr-cost.js";
import type { Rule } from "../rule.js";

/**
 * Merges stacked Maps into one by substituting the inner assignments into the outer expressions:
 *
 *   Map: usd = usd + tip, hour = hour(ts)   →  Map: usd = (fare * 0.9) + tip, tz = "UTC", hour = hour(ts)
 *     Map: usd = fare * 0.9, tz = "UTC"          x
 *       x
 *
 * The fused Map lists the inner assignments (an outer one of the same name takes its place), then
 * the outer ones: with Map's rule (replaced columns keep their position, new ones are appended in
 * order) this gives exactly the original column order; the result is checked anyway and the rule
 * does not fire when the schema would differ.
 * Substitution must not make the plan evaluate an expression more often: the rule fires only when
 * every non-trivial inner expression the outer Map reads is still evaluated at most once — read
 * once, by an outer assignment that replaces that column (as `usd` above). `Map: y = z * 2` over
 * `Map: z = a + b` stays as it is (z is output and read, so `a + b` would be computed twice).
 * Needs nothing before it; prune_projections afterwards drops fused columns nobody reads.
 *
 * @example
 * ```ts
 * import { explainTree, field, schema, t } from "@datajax/core-ir";
 * import { Frame, col } from "@datajax/transforms";
 * import { fuseMaps, optimizeWith } from "@datajax/optimizer";
 * const trips = Frame.fromSchema("trips", schema([field("fare", t.float64), field("tip", t.float64)]));
 * const plan = trips.withColumn("usd", col("fare").mul(0.9)).withColumn("usd", col("usd").add(col("tip"))).plan;
 * console.log(explainTree(optimizeWith([fuseMaps], plan)));
 * // Map: usd = (fare * 0.9) + tip
 * //   Scan: trips
 * ```
 */
export const fuseMaps: Rule = {
  name: "fuse_maps",
  order: "bottom_up",
  apply(node: PlanNode): PlanNode {
    if (node.kind !== "Map" || node.input.kind !== "Map") return node;
    const outer = node;
    const inner = node.input;
    const outerByName = new Map(outer.assignments.map((a) => [a.name, a] as const));
    for (const a of inner.assignments) {
      if (isTrivial(a.expr)) continue;
      const reads = outer.assignments.reduce((n, b) => n + countColumnRefs(b.expr, a.name), 0);
      const stillOutput = outerByName.has(a.name) ? 0 : 1;
      if (reads > 0 && reads + stillOutput > 1) return node;
    }
    const bindings = new Map<string, Expr>(inner.assignments.map((a) => [a.name, a.expr]));
    const innerNames = new Set(inner.assignments.map((a) => a.name));
    const substituted = (b: Assignment): Assignment => ({ name: b.name, expr: substituteColumns(b.expr, bindings) });
    const assignments: Assignment[] = [
      ...inner.assignments.map((a) => (outerByName.has(a.name) ? substituted(outerByName.get(a.name)!) : a)),
      ...outer.assignments.filter((b) => !innerNames.has(b.name)).map(substituted),
    ];
    const fused = MapNode.create(inner.input, assignments);
    return sameSchema(fused.schema, outer.schema) ? fused : node;
  },
};
