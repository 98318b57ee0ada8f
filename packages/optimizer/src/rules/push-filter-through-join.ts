import { columnsOf, Expr, FilterNode, findField, JoinNode, sameType, substituteColumns, type JoinNode as Join, type PlanNode } from "@datajax/core-ir";
import { conjoin, partitionConjuncts } from "../internal/conjunction.js";
import type { Rule } from "../rule.js";

/**
 * Filters the sides of a join instead of its output, conjunct by conjunct:
 *
 *   Filter: (fare > 0) and (zone_name == "JFK") and (id > 5)   →  Join: inner on id
 *     Join: inner on id                                             Filter: (fare > 0) and (id > 5)
 *       trips                                                         trips
 *       zones                                                       Filter: (zone_name == "JFK") and (id > 5)
 *                                                                     zones
 *
 * - a conjunct over left columns only goes to the left side of inner, left, semi and anti joins
 *   (those never null-extend the left side);
 * - a conjunct over right non-key columns only goes to the right side of inner and right joins,
 *   renamed back (`zone_right` → `zone`);
 * - in an inner join a conjunct over key columns only goes to both sides (keys are equal there);
 * - a conjunct reading a key whose output type is wider than the side's type stays above.
 * Everything else stays in a Filter above the join.
 * Needs nothing before it; fuse_filters first gives it whole conjunctions to split.
 *
 * @example
 * ```ts
 * import { explainTree, field, schema, t } from "@datajax/core-ir";
 * import { optimizeWith, pushFilterThroughJoin } from "@datajax/optimizer";
 * import { Frame, col } from "@datajax/transforms";
 * const trips = Frame.fromSchema("trips", schema([field("zone", t.int32), field("fare", t.float64)]));
 * const zones = Frame.fromSchema("zones", schema([field("zone", t.int32), field("borough", t.utf8())]), { slot: 1 });
 * console.log(explainTree(optimizeWith([pushFilterThroughJoin], trips.join(zones, { on: "zone" }).filter(col("fare").gt(0).and(col("borough").eq("Queens"))).plan)));
 * // Join: inner on zone
 * //   Filter: fare > 0                  (over Scan: trips)
 * //   Filter: borough == "Queens"       (over Scan: zones)
 * ```
 */
export const pushFilterThroughJoin: Rule = {
  name: "push_filter_through_join",
  order: "top_down",
  apply(node: PlanNode): PlanNode {
    if (node.kind !== "Filter" || node.input.kind !== "Join") return node;
    const join = node.input;
    const leftOk = join.how === "inner" || join.how === "left" || join.how === "semi" || join.how === "anti";
    const rightOk = join.how === "inner" || join.how === "right";
    const rightNames = rightColumnsByOutputName(join);
    const keyTypeKept = (outName: string, side: PlanNode, sideName: string) =>
      sameType(findField(join.schema, outName)!.type, findField(side.schema, sideName)!.type);
    const toLeft: Expr[] = [];
    const toRight: Expr[] = [];
    const { kept } = partitionConjuncts(node.predicate, (c) => {
      const reads = columnsOf(c);
      const leftSide = reads.every((n) => findField(join.left.schema, n) !== undefined && (!join.leftOn.includes(n) || keyTypeKept(n, join.left, n)));
      const keysOnly = reads.length > 0 && reads.every((n) => join.leftOn.includes(n));
      if (join.how === "inner" && keysOnly && leftSide) {
        const renames = new Map(join.leftOn.map((l, i) => [l, Expr.column(join.rightOn[i]!)] as const));
        if (reads.every((n) => keyTypeKept(n, join.right, join.rightOn[join.leftOn.indexOf(n)]!))) {
          toLeft.push(c);
          toRight.push(substituteColumns(c, renames));
          return true;
        }
      }
      if (leftOk && leftSide) {
        toLeft.push(c);
        return true;
      }
      if (rightOk && reads.length > 0 && reads.every((n) => rightNames.has(n))) {
        toRight.push(substituteColumns(c, new Map(reads.map((n) => [n, Expr.column(rightNames.get(n)!)] as const))));
        return true;
      }
      return false;
    });
    if (toLeft.length === 0 && toRight.length === 0) return node;
    const left = toLeft.length ? FilterNode.create(join.left, conjoin(toLeft)) : join.left;
    const right = toRight.length ? FilterNode.create(join.right, conjoin(toRight)) : join.right;
    const newJoin = JoinNode.create(left, right, join.how, join.leftOn, join.rightOn, join.suffix);
    return kept.length === 0 ? newJoin : FilterNode.create(newJoin, conjoin(kept));
  },
};

/** Output name → right input name, for the right side's non-key columns (as JoinNode names them). */
function rightColumnsByOutputName(join: Join): Map<string, string> {
  const out = new Map<string, string>();
  if (join.how === "semi" || join.how === "anti") return out;
  const names = new Set(join.left.schema.fields.map((f) => f.name));
  for (const f of join.right.schema.fields) {
    if (join.rightOn.includes(f.name)) continue;
    const name = names.has(f.name) ? `${f.name}${join.suffix}` : f.name;
    names.add(name);
    out.set(name, f.name);
  }
  return out;
}
