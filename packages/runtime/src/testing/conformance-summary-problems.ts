import type { BackendConformanceSummary } from "./describe-backend-conformance.js";

/**
 * What is wrong with a conformance run, as messages (none when nothing is): a case whose test ran
 * but neither passed nor was refused (it failed), and, when every registered case ran, a backend
 * that supports none of them. Cases that never ran (filtered out with `vitest -t` or `.only`)
 * are not counted, so a filtered run checks only what it ran.
 */
export function conformanceSummaryProblems(backend: string, summary: BackendConformanceSummary, registered: number): string[] {
  const accounted = new Set([...summary.supported, ...summary.refused]);
  const failed = summary.ran.filter((name) => !accounted.has(name));
  const problems: string[] = [];
  if (failed.length > 0) problems.push(`${failed.length} case(s) ran but neither passed nor were refused (see their failures above): ${failed.join(", ")}`);
  if (summary.ran.length >= registered && summary.supported.length === 0) problems.push(`${backend} supports none of the ${registered} conformance case(s) it ran`);
  return problems;
}
