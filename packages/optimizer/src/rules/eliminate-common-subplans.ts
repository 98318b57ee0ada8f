import { planHash, transformUp, type PlanNode } from "@datajax/core-ir";
import type { Rule } from "../rule.js";

/**
 * Makes structurally equal subplans one shared node, so a backend can compute them once (two
 * reads of the same file with the same projection and filter become one Scan, and so on up):
 *
 *   Join: inner on zone                      Join: inner on zone
 *     Scan: trips [zone, fare]         →       t0 = Scan: trips [zone, fare]
 *     Aggregate: avg = mean(fare)                Aggregate: avg = mean(fare)
 *       GroupBy: zone                              GroupBy: zone
 *         Scan: trips [zone, fare]                   t0
 *
 * Equal means equal plan JSON (planHash): same node kinds, expressions, schemas and sources.
 * A whole-plan rule; run it last, after pruning has made equal reads look equal.
 *
 * @example
 * ```ts
 * import { childrenOf, field, schema, t } from "@datajax/core-ir";
 * import { Frame } from "@datajax/transforms";
 * import { eliminateCommonSubplans, optimizeWith } from "@datajax/optimizer";
 * const trips = Frame.fromSchema("trips", schema([field("fare", t.float64), field("tip", t.float64)]));
 * const plan = trips.select("fare").union(trips.select("fare")).plan; // two equal Projects
 * const [a, b] = childrenOf(optimizeWith([eliminateCommonSubplans], plan));
 * a === b; // true: one shared node
 * ```
 */
export const eliminateCommonSubplans: Rule = {
  name: "eliminate_common_subplans",
  order: "whole_plan",
  apply(root: PlanNode): PlanNode {
    const canonical = new Map<string, PlanNode>();
    return transformUp(root, (n) => {
      const key = planHash(n);
      const first = canonical.get(key);
      if (first) return first;
      canonical.set(key, n);
      return n;
    });
  },
};
