import { columnsOf, FilterNode, findField, sameType, UnionNode, type PlanNode } from "@datajax/core-ir";
import type { Rule } from "../rule.js";

/**
 * Filters every input of a UNION ALL instead of its output:
 *
 *   Filter: p        →  Union: 2 inputs
 *     Union: 2 inputs      Filter: p
 *       a                    a
 *       b                  Filter: p
 *                            b
 *
 * Only when every column the predicate reads has, in every input, the type it has in the Union's
 * output (an int32 input under an int64 output would evaluate arithmetic in another type).
 * Needs nothing before it.
 *
 * @example
 * ```ts
 * import { explainTree, field, schema, t } from "@datajax/core-ir";
 * import { Frame, col } from "@datajax/transforms";
 * import { pushFilterThroughUnion, optimizeWith } from "@datajax/optimizer";
 * const trips = Frame.fromSchema("trips", schema([field("fare", t.float64), field("tip", t.float64)]));
 * console.log(explainTree(optimizeWith([pushFilterThroughUnion], trips.union(trips).filter(col("fare").gt(0)).plan)));
 * // Union: 2 inputs
 * //   Filter: fare > 0
 * //     Scan: trips
 * //   Filter: fare > 0
 * //     Scan: trips
 * ```
 */
export const pushFilterThroughUnion: Rule = {
  name: "push_filter_through_union",
  order: "top_down",
  apply(node: PlanNode): PlanNode {
    if (node.kind !== "Filter" || node.input.kind !== "Union") return node;
    const union = node.input;
    const reads = columnsOf(node.predicate);
    const sameTypes = union.inputs.every((input) =>
      reads.every((c) => {
        const f = findField(input.schema, c);
        const out = findField(union.schema, c);
        return f !== undefined && out !== undefined && sameType(f.type, out.type);
      }),
    );
    if (!sameTypes) return node;
    return UnionNode.create(union.inputs.map((input) => FilterNode.create(input, node.predicate)));
  },
};
