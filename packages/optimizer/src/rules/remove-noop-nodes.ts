import { LimitNode, MapNode, sameSharding, type PlanNode } from "@datajax/core-ir";
import type { Rule } from "../rule.js";

/**
 * Drops nodes that do nothing, and merges stacked limits:
 *
 *   Filter: true                          →  x
 *   Project: a, b, c   (over {a, b, c})   →  x
 *   Map: a = a, y = z + 1                 →  Map: y = z + 1      (an all-identity Map: x)
 *   Sort: (no keys)                       →  x
 *   Repartition: @hash(k)  (non-strict, over an input already @hash(k))  →  x
 *   Union: 1 inputs                       →  its input
 *   Limit: 5 offset 2                     →  Limit: 5 offset 3
 *     Limit: 10 offset 1                       x
 *       x
 *
 * Limit(Limit(x, c1, o1), c2, o2) keeps rows [o1 + o2, o1 + o2 + min(c2, max(0, c1 - o2))) of x.
 * A strict Repartition came from the user (withShardingConstraint) and always stays.
 * Needs nothing before it; run it after simplify_expressions (which produces `Filter: true`) and
 * after fuse_projects / prune_projections (which produce identity Projects).
 *
 * @example
 * ```ts
 * import { explainTree, field, schema, t } from "@datajax/core-ir";
 * import { Frame } from "@datajax/transforms";
 * import { removeNoopNodes, optimizeWith } from "@datajax/optimizer";
 * const trips = Frame.fromSchema("trips", schema([field("fare", t.float64), field("tip", t.float64)]));
 * const plan = trips.filter(true).limit(10, 1).limit(5, 2).plan;
 * console.log(explainTree(optimizeWith([removeNoopNodes], plan)));
 * // Limit: 5 offset 3
 * //   Scan: trips
 * ```
 */
export const removeNoopNodes: Rule = {
  name: "remove_noop_nodes",
  order: "bottom_up",
  apply(node: PlanNode): PlanNode {
    switch (node.kind) {
      case "Filter":
        return node.predicate.kind === "literal" && node.predicate.value === true ? node.input : node;
      case "Project": {
        const fields = node.input.schema.fields;
        const identity = node.columns.length === fields.length && node.columns.every((c, i) => c.name === c.from && c.from === fields[i]!.name);
        return identity ? node.input : node;
      }
      case "Map": {
        const kept = node.assignments.filter((a) => !(a.expr.kind === "column" && a.expr.name === a.name));
        if (kept.length === node.assignments.length) return node;
        return kept.length === 0 ? node.input : MapNode.create(node.input, kept);
      }
      case "Sort":
        return node.keys.length === 0 ? node.input : node;
      case "Repartition":
        return !node.strict && sameSharding(node.sharding, node.input.sharding) ? node.input : node;
      case "Union":
        return node.inputs.length === 1 ? node.inputs[0]! : node;
      case "Limit": {
        if (node.input.kind !== "Limit" || node.by.length > 0 || node.input.by.length > 0) return node;
        const inner = node.input;
        return LimitNode.create(inner.input, Math.min(node.count, Math.max(0, inner.count - node.offset)), inner.offset + node.offset);
      }
      default:
        return node;
    }
  },
};
