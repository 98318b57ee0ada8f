import { DataJaxError, formatSchema, type Schema } from "@datajax/core-ir";

/**
 * A rule broke an invariant the driver checks (it changed an output schema, or it threw while
 * rewriting a valid plan). This is a bug in the optimizer, never in the user's program.
 */
export class OptimizerInvariantError extends DataJaxError {
  readonly rule: string;
  readonly expected: Schema | undefined;
  readonly actual: Schema | undefined;

  constructor(rule: string, problem: string, details: { expected?: Schema; actual?: Schema; plan?: string; cause?: unknown } = {}) {
    const lines = [`optimizer rule "${rule}" ${problem}. This is a bug in the optimizer, not in your program.`];
    if (details.expected) lines.push(`  schema before: ${formatSchema(details.expected)}`);
    if (details.actual) lines.push(`  schema after:  ${formatSchema(details.actual)}`);
    if (details.plan) lines.push("  at:", ...details.plan.split("\n").map((l) => `    ${l}`));
    lines.push(`  Work around it with optimize(plan, { disabledRules: ["${rule}"] }) and report the plan.`);
    super("DJX_OPTIMIZER_BUG", lines.join("\n"), details.cause === undefined ? undefined : { cause: details.cause });
    this.rule = rule;
    this.expected = details.expected;
    this.actual = details.actual;
  }
}
