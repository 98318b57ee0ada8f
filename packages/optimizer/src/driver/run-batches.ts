import { explainTree, planHash, sameSchema, type PlanNode } from "@datajax/core-ir";
import { OptimizerInvariantError } from "../errors/optimizer-invariant-error.js";
import { UnknownRuleError } from "../errors/unknown-rule-error.js";
import type { BatchReport, OptimizeOptions, RuleBatch } from "./rule-batch.js";
import { walkRule } from "./walk.js";

/**
 * Runs the batches in order. A `once` batch walks each rule over the plan one time; a
 * `{ fixedPoint: n }` batch repeats its rules until a whole pass leaves the plan reference
 * unchanged, or n passes ran. After every rule walk that changed the plan, the root schema
 * (names, types, nullability) must equal the input plan's, else OptimizerInvariantError.
 */
export function runBatches(plan: PlanNode, batches: readonly RuleBatch[], options: OptimizeOptions): { plan: PlanNode; reports: BatchReport[] } {
  const disabled = checkedDisabledRules(batches, options.disabledRules ?? []);
  const expected = plan.schema;
  const reports: BatchReport[] = [];
  let current = plan;
  for (const batch of batches) {
    const rules = batch.rules.filter((r) => !disabled.has(r.name));
    const max = batch.strategy === "once" ? 1 : batch.strategy.fixedPoint;
    if (!Number.isInteger(max) || max < 1) throw new RangeError(`optimizer batch "${batch.name}": fixedPoint must be a positive integer, got ${max}.`);
    let iterations = 0;
    let converged = false;
    // Plans at the end of each pass (by content), and the rules each pass applied: a pass that
    // ends on an earlier pass's plan means rules undo each other, which no bound should hide.
    const passEnds = new Map<string, number>();
    const appliedIn: string[][] = [];
    while (iterations < max) {
      iterations++;
      const start = current;
      const applied: string[] = [];
      for (const rule of rules) {
        const next = walkRule(rule, current);
        if (next === current) continue;
        if (!sameSchema(next.schema, expected)) {
          throw new OptimizerInvariantError(rule.name, "changed the output schema of the plan", { expected, actual: next.schema });
        }
        options.onRuleApplied?.(rule, current, next, { batch: batch.name, iteration: iterations });
        applied.push(rule.name);
        current = next;
      }
      appliedIn.push(applied);
      if (current === start) {
        converged = true;
        break;
      }
      if (batch.strategy !== "once") {
        const key = planHash(current);
        const earlier = passEnds.get(key);
        if (earlier !== undefined) {
          const cycle = [...new Set(appliedIn.slice(earlier).flat())];
          throw new OptimizerInvariantError(cycle.join(" + "), `cycle in batch "${batch.name}": pass ${iterations} ended on the plan pass ${earlier} ended on; these rules undo each other`, { plan: explainTree(current) });
        }
        passEnds.set(key, iterations);
      }
    }
    reports.push({ batch: batch.name, iterations, converged: batch.strategy === "once" ? true : converged });
  }
  return { plan: current, reports };
}

function checkedDisabledRules(batches: readonly RuleBatch[], disabled: readonly string[]): ReadonlySet<string> {
  const known = [...new Set(batches.flatMap((b) => b.rules.map((r) => r.name)))];
  for (const name of disabled) if (!known.includes(name)) throw new UnknownRuleError(name, known);
  return new Set(disabled);
}
