export * from "./queries/index.js";
export * from "./harness/compare-results.js";
