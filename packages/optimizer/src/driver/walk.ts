import { childrenOf, explainTree, sameSchema, withChildren, type PlanNode } from "@datajax/core-ir";
import { OptimizerInvariantError } from "../errors/optimizer-invariant-error.js";
import type { Rule } from "../rule.js";

/**
 * One walk of `rule` over the plan (bottom-up or top-down, as the rule asks). Every node is offered
 * to the rule once; a subplan shared by several parents is rewritten once and stays shared.
 * After each rewrite the replaced node's schema must be unchanged: parents were built against it,
 * so this is what keeps the root schema unchanged too (the batch runner checks the root as well).
 * A rule that throws or changes a schema raises OptimizerInvariantError.
 *
 * @example
 * ```ts
 * import { explainTree, field, schema, t } from "@datajax/core-ir";
 * import { pushFilterIntoScan, walkRule } from "@datajax/optimizer";
 * import { Frame, col } from "@datajax/transforms";
 * const trips = Frame.fromSchema("trips", schema([field("fare", t.float64), field("tip", t.float64)]));
 * const plan = trips.filter(col("fare").gt(0)).plan;
 * const once = walkRule(pushFilterIntoScan, plan); // one walk, no fixed point
 * once === plan;       // false: the rule fired
 * explainTree(once);   // "Scan: trips filter=fare > 0"
 * ```
 */
export function walkRule(rule: Rule, root: PlanNode): PlanNode {
  if (rule.order === "whole_plan") return rewriteOne(rule, root);
  const done = new Map<PlanNode, PlanNode>();
  const topDown = rule.order === "top_down";
  const visit = (node: PlanNode): PlanNode => {
    const known = done.get(node);
    if (known) return known;
    let out: PlanNode;
    if (topDown) {
      const rewritten = rewriteOne(rule, node);
      out = rebuild(rule, rewritten, childrenOf(rewritten).map(visit));
    } else {
      out = rewriteOne(rule, rebuild(rule, node, childrenOf(node).map(visit)));
    }
    done.set(node, out);
    return out;
  };
  return visit(root);
}

function rewriteOne(rule: Rule, node: PlanNode): PlanNode {
  let out: PlanNode;
  try {
    out = rule.apply(node);
  } catch (cause) {
    if (cause instanceof OptimizerInvariantError) throw cause;
    throw new OptimizerInvariantError(rule.name, `threw while rewriting a valid plan: ${(cause as Error)?.message ?? String(cause)}`, {
      plan: explainTree(node),
      cause,
    });
  }
  if (out !== node && !sameSchema(out.schema, node.schema)) {
    throw new OptimizerInvariantError(rule.name, `changed the output schema of the node it rewrote (${node.kind} → ${out.kind})`, {
      expected: node.schema,
      actual: out.schema,
      plan: `before:\n${explainTree(node)}\nafter:\n${explainTree(out)}`,
    });
  }
  return out;
}

function rebuild(rule: Rule, node: PlanNode, children: readonly PlanNode[]): PlanNode {
  try {
    return withChildren(node, children);
  } catch (cause) {
    throw new OptimizerInvariantError(rule.name, `produced a subplan its parent ${node.kind} no longer accepts: ${(cause as Error)?.message ?? String(cause)}`, {
      plan: explainTree(node),
      cause,
    });
  }
}
