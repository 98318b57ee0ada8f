// @datajax/runtime/testing: the backend conformance kit (needs vitest for describeBackendConformance).
export type { ConformanceCase, ConformanceRow } from "./conformance-case.js";
export { conformanceCases } from "./conformance-cases.js";
export { runConformanceCase, type ConformanceRunOptions, type ConformanceCaseResult } from "./run-conformance-case.js";
export { describeBackendConformance, conformanceTestName, type BackendConformanceOptions, type BackendConformanceSummary } from "./describe-backend-conformance.js";
export { compareRows, formatRow, ConformanceMismatchError, type RowComparison } from "./compare-rows.js";
export { tableRows, plainValue } from "./table-rows.js";
export { argumentScan, singleStage, StageGraphBuilder } from "./stage-graph-builder.js";
