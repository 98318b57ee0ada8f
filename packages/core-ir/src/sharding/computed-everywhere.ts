import { childrenOf } from "../nodes/children.js";
import type { PlanNode } from "../nodes/plan-node.js";

/**
 * Whether every rank computes the same rows for `plan` when a stage graph runs on several ranks:
 * all its scans read replicated (or single, unsharded) inputs, and every other node is a function
 * of its inputs. Backends use this one rule so that they place rows alike (an output computed
 * everywhere is taken once, not once per rank). A node's declared sharding is what the planner
 * arranges above it, not always what a partial below an exchange holds, so only the scans decide.
 *
 * @example
 * ```ts
 * import { computedEverywhere, type PlanNode } from "@datajax/core-ir";
 * declare const plan: PlanNode; // e.g. a stage's plan
 * const takeOnce = computedEverywhere(plan); // true: every rank holds the same rows
 * ```
 */
export function computedEverywhere(plan: PlanNode): boolean {
  if (plan.kind === "Scan") return plan.sharding.kind === "replicated" || plan.sharding.kind === "single";
  return childrenOf(plan).every(computedEverywhere);
}
