import type { RuleBatch } from "./rule-batch.js";
import { eliminateCommonSubplans } from "../rules/eliminate-common-subplans.js";
import { fuseFilters } from "../rules/fuse-filters.js";
import { fuseMaps } from "../rules/fuse-maps.js";
import { fuseProjects } from "../rules/fuse-projects.js";
import { preAggregateBeforeJoin } from "../rules/pre-aggregate-before-join.js";
import { pruneProjections } from "../rules/prune-projections.js";
import { pushFilterBelowSort } from "../rules/push-filter-below-sort.js";
import { pushFilterIntoScan } from "../rules/push-filter-into-scan.js";
import { pushFilterThroughAggregate } from "../rules/push-filter-through-aggregate.js";
import { pushFilterThroughJoin } from "../rules/push-filter-through-join.js";
import { pushFilterThroughMap } from "../rules/push-filter-through-map.js";
import { pushFilterThroughProject } from "../rules/push-filter-through-project.js";
import { pushFilterThroughRepartition } from "../rules/push-filter-through-repartition.js";
import { pushFilterThroughUnion } from "../rules/push-filter-through-union.js";
import { removeNoopNodes } from "../rules/remove-noop-nodes.js";
import { simplifyExpressions } from "../rules/simplify-expressions.js";

/**
 * The optimizer's pipeline:
 * 1. `simplify`: fold constants, drop `Filter: true` and other no-ops;
 * 2. `push_down_filters`: move every filter as far down as it can go, merging filters that meet and
 *    handing the ones that reach a Scan to it; simplify again the predicates this conjoins;
 * 3. `fuse_and_prune`: merge stacked Maps and Projects, read only the columns used, simplify what
 *    substitution put together and drop the identity nodes pruning leaves — to a fixed point, since
 *    each can expose work for the others (a pruned identity Project leaves two Maps adjacent);
 * 4. `pre_aggregate`: aggregate the left side of an inner join before it, on the pruned plan (once:
 *    the partial it builds is itself an aggregate below a join, which must not be split again),
 *    then `fuse_and_prune` again over what it built;
 * 5. `share`: make equal subplans (repeated scans first of all) one shared node.
 */
const fuseAndPrune: RuleBatch = {
  name: "fuse_and_prune",
  strategy: { fixedPoint: 8 },
  rules: [fuseMaps, fuseProjects, pruneProjections, simplifyExpressions, removeNoopNodes],
};

/**
 * The batches `optimize` runs when `options.batches` is not given, in order: `simplify`,
 * `push_down_filters`, `fuse_and_prune`, `pre_aggregate`, `fuse_and_prune`, `share` (see above).
 * Frozen; build a variant from it rather than editing it.
 *
 * @example
 * ```ts
 * import { defaultRuleBatches, optimize, type RuleBatch } from "@datajax/optimizer";
 * defaultRuleBatches.map((b) => b.name); // ["simplify", "push_down_filters", "fuse_and_prune", "pre_aggregate", "fuse_and_prune", "share"]
 * const withoutSharing: RuleBatch[] = defaultRuleBatches.filter((b) => b.name !== "share");
 * // optimize(plan, { batches: withoutSharing })
 * ```
 */
export const defaultRuleBatches: readonly RuleBatch[] = Object.freeze([
  { name: "simplify", strategy: { fixedPoint: 8 }, rules: [simplifyExpressions, removeNoopNodes] },
  {
    name: "push_down_filters",
    strategy: { fixedPoint: 16 },
    rules: [
      fuseFilters,
      pushFilterBelowSort,
      pushFilterThroughRepartition,
      pushFilterThroughProject,
      pushFilterThroughMap,
      pushFilterThroughAggregate,
      pushFilterThroughJoin,
      pushFilterThroughUnion,
      pushFilterIntoScan,
      simplifyExpressions,
      removeNoopNodes,
    ],
  },
  fuseAndPrune,
  { name: "pre_aggregate", strategy: "once", rules: [preAggregateBeforeJoin] },
  fuseAndPrune,
  { name: "share", strategy: "once", rules: [eliminateCommonSubplans] },
]);
