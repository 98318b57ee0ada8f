import { closestMatch, DataJaxError } from "@datajax/core-ir";

/** `disabledRules` names a rule that no batch contains (a typo would otherwise disable nothing). */
export class UnknownRuleError extends DataJaxError {
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
