export * from "./reference-query.js";
export * from "./taxi-columns.js";
export * from "./queries.js";
