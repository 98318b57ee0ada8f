import { closestMatch, DataJaxError } from "@datajax/core-ir";

/**
 * `disabledRules` names a rule that no batch contains (a typo would otherwise disable nothing).
 * Code `DJX_UNKNOWN_RULE`; the message suggests the closest rule name and lists them all.
 *
 * @example
 * ```ts
 * import { field, schema, t } from "@datajax/core-ir";
 * import { optimize, UnknownRuleError } from "@datajax/optimizer";
 * import { Frame } from "@datajax/transforms";
 * const plan = Frame.fromSchema("trips", schema([field("fare", t.float64)])).plan;
 * try {
 *   optimize(plan, { disabledRules: ["fuse_filter"] });
 * } catch (err) {
 *   if (err instanceof UnknownRuleError) console.log(err.rule, err.message); // "fuse_filter" ... Did you mean "fuse_filters"?
 * }
 * ```
 */
export class UnknownRuleError extends DataJaxError {
  /** The name that matched no rule. */
  readonly rule: string;
  constructor(rule: string, known: readonly string[]) {
    const suggestion = closestMatch(rule, known);
    super(
      "DJX_UNKNOWN_RULE",
      `disabledRules: no optimizer rule named "${rule}".` +
        (suggestion !== undefined ? ` Did you mean "${suggestion}"?` : "") +
        `\n  rules: ${known.join(", ")}`,
    );
    this.rule = rule;
  }
}
