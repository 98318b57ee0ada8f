import type { CaseReport } from "../cases/case-report.js";

const value = (x: number, unit: "ms" | "µs") => (unit === "µs" ? `${x.toFixed(1)} µs` : x >= 100 ? `${(x / 1000).toFixed(2)} s` : `${(x / 1000).toFixed(3)} s`);

/** The cases beyond the reference queries as Markdown: one row per case and engine. */
export function casesTable(cases: readonly CaseReport[]): string[] {
  if (cases.length === 0) return [];
  const rows = cases.flatMap((c) =>
    c.measurements.map((m) => `| ${c.case} | ${m.engine} | ${value(m.median, m.unit)} (${value(m.min, m.unit)}–${value(m.max, m.unit)}, ${m.samples} samples) | ${m.detail} |`),
  );
  const what = cases.map((c) => `- ${c.case}: ${c.description}`);
  return ["", "## Cases beyond the queries", "", ...what, "", "| case | engine | median (min–max) | detail |", "|---|---|---|---|", ...rows];
}
