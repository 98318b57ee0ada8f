import {
  AggregateNode,
  childrenOf,
  columnsOf,
  type JoinNode,
  MapNode,
  ProjectNode,
  ScanNode,
  UnionNode,
  withChildren,
  type PlanNode,
} from "@datajax/core-ir";
import type { Rule } from "../rule.js";

/**
 * Reads only the columns something uses. Walking down from the node it is applied to, it computes
 * which columns each node's consumers read and then:
 *
 *   Aggregate: n = count(), f = mean(fare)    →  Aggregate: n = count(), f = mean(fare)
 *     GroupBy: zone                                GroupBy: zone
 *       Map: hour = hour(ts), r = tip / fare         Scan: trips columns=[zone, fare]
 *         Scan: trips   (19 columns)
 *
 * - narrows `Scan.columns` to the columns read above it (in source order; the columns its own
 *   filter reads stay, so a backend can apply the filter to the batches it reads; at least one
 *   column is kept, so row counts survive);
 * - drops Map assignments, Project columns and Aggregate outputs nobody reads (an empty Map
 *   disappears; an Aggregate keeps at least one aggregate);
 * - narrows each side of a Join (keys stay, and a left column stays while a right column of the
 *   same name is read under its suffixed name, so the suffix does not change);
 * - gives every Union input the same narrowed, ordered columns (adding a Project where needed).
 * The node it is applied to keeps its exact schema: a consumer that sees a whole schema (the
 * root, a Map or Filter output that reaches the root, a UDF input, a Union input) is never
 * narrowed. A subplan shared by several parents is left as it is.
 * The driver applies it top-down: the walk's first application (at the root) does the work and
 * the later ones find nothing to do. Run it after filter pushdown and the fusing rules (a filter
 * still above the scan keeps its columns alive), and follow it with remove_noop_nodes.
 *
 * @example
 * ```ts
 * import { explainTree, field, schema, t } from "@datajax/core-ir";
 * import { Frame, mean } from "@datajax/transforms";
 * import { pruneProjections, optimizeWith } from "@datajax/optimizer";
 * const trips = Frame.fromSchema("trips", schema([field("zone", t.int32), field("fare", t.float64), field("tip", t.float64)]));
 * const plan = trips.groupBy("zone").agg({ avg: mean("fare") }).plan;
 * console.log(explainTree(optimizeWith([pruneProjections], plan)));
 * // Aggregate: avg = mean(fare)
 * //   GroupBy: zone
 * //     Scan: trips columns=[zone, fare]
 * ```
 */
export const pruneProjections: Rule = {
  name: "prune_projections",
  order: "top_down",
  apply(node: PlanNode): PlanNode {
    return new Pruner(node).prune(node, ALL);
  },
};

/** The columns a consumer reads: ALL means the exact schema (names, order) must stay. */
type Need = ReadonlySet<string> | typeof ALL;
const ALL = "all" as const;

const union = (a: Iterable<string>, b: Iterable<string>): Set<string> => new Set([...a, ...b]);

class Pruner {
  private readonly shared = new Set<PlanNode>();

  constructor(root: PlanNode) {
    const seen = new Set<PlanNode>();
    const count = (n: PlanNode) => {
      for (const c of childrenOf(n)) {
        if (seen.has(c)) {
          this.shared.add(c);
          continue;
        }
        seen.add(c);
        count(c);
      }
    };
    count(root);
  }

  prune(node: PlanNode, need: Need): PlanNode {
    if (this.shared.has(node)) return node;
    const passThrough = (extra: readonly string[]): PlanNode =>
      withChildren(node, [this.prune(childrenOf(node)[0]!, need === ALL ? ALL : union(need, extra))]);
    switch (node.kind) {
      case "Scan":
        return need === ALL ? node : this.scan(node, need);
      case "Filter":
        return passThrough(columnsOf(node.predicate));
      case "Sort":
        return passThrough(node.keys.map((k) => k.column));
      case "Limit":
        return passThrough(node.by);
      case "GroupBy":
        return passThrough(node.keys);
      case "Repartition":
        return passThrough(node.sharding.kind === "hash" ? node.sharding.keys : []);
      case "Project": {
        let columns = need === ALL ? node.columns : node.columns.filter((c) => need.has(c.name));
        if (columns.length === 0) columns = node.columns.slice(0, 1);
        const input = this.prune(node.input, new Set(columns.map((c) => c.from)));
        return columns.length === node.columns.length && input === node.input ? node : ProjectNode.create(input, columns);
      }
      case "Map": {
        if (need === ALL) return withChildren(node, [this.prune(node.input, ALL)]);
        const kept = node.assignments.filter((a) => need.has(a.name));
        const defined = new Set(kept.map((a) => a.name));
        const inputNeed = union([...need].filter((c) => !defined.has(c)), kept.flatMap((a) => columnsOf(a.expr)));
        const input = this.prune(node.input, inputNeed);
        if (kept.length === 0) return input;
        return kept.length === node.assignments.length && input === node.input ? node : MapNode.create(input, kept);
      }
      case "Aggregate": {
        let aggregates = need === ALL ? node.aggregates : node.aggregates.filter((a) => need.has(a.name));
        if (aggregates.length === 0) aggregates = node.aggregates.slice(0, 1);
        const reads = union(node.keys, aggregates.flatMap((a) => (a.agg.arg ? columnsOf(a.agg.arg) : [])));
        const input = this.prune(node.input, reads);
        return aggregates.length === node.aggregates.length && input === node.input ? node : AggregateNode.create(input, aggregates);
      }
      case "Join":
        return this.join(node, need);
      case "Union":
        return this.union(node, need);
      case "CustomUDF":
        return withChildren(node, [this.prune(node.input, ALL)]);
    }
  }

  private scan(node: ScanNode, need: ReadonlySet<string>): PlanNode {
    const keep = union(need, node.filter ? columnsOf(node.filter) : []);
    if (node.sharding.kind === "hash") for (const k of node.sharding.keys) keep.add(k);
    let columns = node.schema.fields.map((f) => f.name).filter((n) => keep.has(n));
    if (columns.length === 0) columns = [node.schema.fields[0]!.name];
    if (columns.length === node.schema.fields.length) return node;
    return ScanNode.create(node.source, node.sourceSchema, { columns, filter: node.filter, sharding: node.sharding });
  }

  private join(node: JoinNode, need: Need): PlanNode {
    if (need === ALL) return withChildren(node, [this.prune(node.left, ALL), this.prune(node.right, ALL)]);
    const leftNames = new Set(node.left.schema.fields.map((f) => f.name));
    const leftNeed = union([...need].filter((c) => leftNames.has(c)), node.leftOn);
    const rightNeed = new Set<string>(node.rightOn);
    if (node.how !== "semi" && node.how !== "anti") {
      const taken = new Set(leftNames);
      for (const f of node.right.schema.fields) {
        if (node.rightOn.includes(f.name)) continue;
        const clashes = taken.has(f.name);
        const outName = clashes ? `${f.name}${node.suffix}` : f.name;
        taken.add(outName);
        if (!need.has(outName)) continue;
        rightNeed.add(f.name);
        if (clashes) leftNeed.add(f.name);
      }
    }
    return withChildren(node, [this.prune(node.left, leftNeed), this.prune(node.right, rightNeed)]);
  }

  private union(node: UnionNode, need: Need): PlanNode {
    if (need === ALL) return withChildren(node, node.inputs.map((i) => this.prune(i, ALL)));
    let names = node.schema.fields.map((f) => f.name).filter((n) => need.has(n));
    if (names.length === 0) names = [node.schema.fields[0]!.name];
    if (names.length === node.schema.fields.length) return withChildren(node, node.inputs.map((i) => this.prune(i, ALL)));
    const inputs = node.inputs.map((i) => {
      const pruned = this.prune(i, new Set(names));
      const lined = pruned.schema.fields.length === names.length && pruned.schema.fields.every((f, k) => f.name === names[k]);
      return lined ? pruned : ProjectNode.select(pruned, names);
    });
    return UnionNode.create(inputs);
  }
}
