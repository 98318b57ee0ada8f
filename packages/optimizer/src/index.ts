// Rules and their contract
export type { Rule, RuleOrder } from "./rule.js";
export { simplifyExpressions } from "./rules/simplify-expressions.js";
export { fuseFilters } from "./rules/fuse-filters.js";
export { fuseMaps } from "./rules/fuse-maps.js";
export { fuseProjects } from "./rules/fuse-projects.js";
export { pushFilterBelowSort } from "./rules/push-filter-below-sort.js";
export { pushFilterThroughRepartition } from "./rules/push-filter-through-repartition.js";
export { pushFilterThroughProject } from "./rules/push-filter-through-project.js";
export { pushFilterThroughMap } from "./rules/push-filter-through-map.js";
export { pushFilterThroughAggregate } from "./rules/push-filter-through-aggregate.js";
export { pushFilterThroughJoin } from "./rules/push-filter-through-join.js";
export { pushFilterThroughUnion } from "./rules/push-filter-through-union.js";
export { pushFilterIntoScan } from "./rules/push-filter-into-scan.js";
export { pruneProjections } from "./rules/prune-projections.js";
export { preAggregateBeforeJoin } from "./rules/pre-aggregate-before-join.js";
export { eliminateCommonSubplans } from "./rules/eliminate-common-subplans.js";
export { removeNoopNodes } from "./rules/remove-noop-nodes.js";
// Driver
export type { BatchStrategy, RuleBatch, OptimizeOptions, RuleApplication, BatchReport } from "./driver/rule-batch.js";
export { defaultRuleBatches } from "./driver/default-batches.js";
export { optimize, optimizeWithTrace, optimizeWith, type AppliedRule, type OptimizeTrace } from "./driver/optimize.js";
export { walkRule } from "./driver/walk.js";
// Errors
export { OptimizerInvariantError } from "./errors/optimizer-invariant-error.js";
export { UnknownRuleError } from "./errors/unknown-rule-error.js";
