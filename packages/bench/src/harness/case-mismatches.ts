import type { CaseReport } from "../cases/case-report.js";
import { firstDifference } from "./compare-results.js";

/** Every measurement whose answer differs from the first answer of its case, as report lines. */
export function caseMismatches(cases: readonly CaseReport[]): string[] {
  const out: string[] = [];
  for (const c of cases) {
    const answered = c.measurements.filter((m) => m.result !== undefined);
    const reference = answered[0];
    for (const m of answered.slice(1)) {
      const d = firstDifference(reference!.result!, m.result!);
      if (d) out.push(`${c.case}: ${m.engine} vs ${reference!.engine}: ${d}`);
    }
  }
  return out;
}
