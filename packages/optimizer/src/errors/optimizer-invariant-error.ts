import { DataJaxError, formatSchema, type Schema } from "@datajax/core-ir";

/**
 * A rule broke an invariant the driver checks (it changed an output schema, or it threw while
 * rewriting a valid plan, or undid another rule in a cycle). Code `DJX_OPTIMIZER_BUG`. This is a bug
 * in the optimizer, never in the user's program: work around it with `disabledRules: [err.rule]`.
 *
 * @example
 * ```ts
 * import { field, schema, t } from "@datajax/core-ir";
 * import { OptimizerInvariantError, optimizeWith, type Rule } from "@datajax/optimizer";
 * import { Frame } from "@datajax/transforms";
 * const broken: Rule = { name: "drop_projects", apply: (node) => (node.kind === "Project" ? node.input : node) };
 * const plan = Frame.fromSchema("trips", schema([field("fare", t.float64), field("tip", t.float64)])).select("fare").plan;
 * try {
 *   optimizeWith([broken], plan);
 * } catch (err) {
 *   if (err instanceof OptimizerInvariantError) console.log(err.code, err.rule); // "DJX_OPTIMIZER_BUG" "drop_projects"
 * }
 * ```
 */
export class OptimizerInvariantError extends DataJaxError {
  /** The rule's name (for a cycle, the rules involved, joined with " + "). */
  readonly rule: string;
  /** The schema the rewritten node (or the plan) had before, when a schema changed. */
  readonly expected: Schema | undefined;
  /** The schema it had after the rewrite, when a schema changed. */
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
