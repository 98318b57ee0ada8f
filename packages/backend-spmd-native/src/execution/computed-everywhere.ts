import { childrenOf, type PlanNode } from "@datajax/core-ir";

/**
 * Whether every rank computes the same rows for `plan`: all its scans read replicated (or
 * unsharded) inputs, and plan nodes are functions of their inputs. The same rule as the local
 * backend's rank simulation (backend-local's spmd/exchange.ts), so both place rows alike.
 */
export function computedEverywhere(plan: PlanNode): boolean {
  if (plan.kind === "Scan") return plan.sharding.kind === "replicated" || plan.sharding.kind === "single";
  return childrenOf(plan).every(computedEverywhere);
}
