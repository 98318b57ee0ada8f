import type { EngineReport } from "./run-engine.js";

/** One ratio row of the report: numerator engine's median time over the denominator's, per query. */
export interface RatioRow {
  readonly label: string;
  readonly numerator: string;
  readonly denominator: string;
  /** The acceptance target the issues set, as text for the reader (e.g. "≤ 1.5"). */
  readonly target: string;
}

/** The ratios issues 8 and 9 accept on (times: below 1 means the numerator is faster). */
export const REPORT_RATIOS: readonly RatioRow[] = [
  { label: "local / hand-written", numerator: "datajax-local", denominator: "hand-written", target: "" },
  { label: "local / tuned", numerator: "datajax-local", denominator: "hand-written-tuned", target: "≤ 1.5 (issue 9)" },
  { label: "local / duckdb-2t", numerator: "datajax-local", denominator: "duckdb-2t", target: "< 1 (issue 9)" },
  { label: "local-2t / duckdb-2t", numerator: "datajax-local-2t", denominator: "duckdb-2t", target: "< 1 (issue 9)" },
  { label: "local speed-up, 1t / 2t", numerator: "datajax-local", denominator: "datajax-local-2t", target: "" },
  { label: "local / polars", numerator: "datajax-local", denominator: "polars", target: "< 1 (issue 9)" },
  { label: "local / arquero", numerator: "datajax-local", denominator: "arquero", target: "≤ 0.1 (issue 9)" },
  { label: "native-1r / tuned", numerator: "datajax-native-1r", denominator: "hand-written-tuned", target: "≤ 1 (issue 8)" },
  { label: "native-1r / duckdb-1t", numerator: "datajax-native-1r", denominator: "duckdb-1t", target: "≤ 0.5 (issue 8)" },
  { label: "native speed-up, 1r / 2r", numerator: "datajax-native-1r", denominator: "datajax-native-2r", target: "≥ 1.7 (issue 8)" },
  { label: "native-2r / duckdb-2t", numerator: "datajax-native-2r", denominator: "duckdb-2t", target: "< 1 (issue 8)" },
  { label: "native-2r / polars", numerator: "datajax-native-2r", denominator: "polars", target: "" },
];

/** Median time of `numerator` over `denominator` for one query, or undefined when either is missing. */
export function timeRatio(engines: readonly EngineReport[], row: RatioRow, query: string): number | undefined {
  const time = (engine: string) => engines.find((e) => e.engine === engine)?.queries.find((q) => q.query === query)?.medianMs;
  const a = time(row.numerator);
  const b = time(row.denominator);
  return a === undefined || b === undefined ? undefined : a / b;
}
