export * from "./reference-query.js";
export * from "./taxi-columns.js";
export * from "./queries.js";
export * from "./tuned-loops.js";
export * from "./polars-queries.js";
export * from "./arquero-queries.js";
export * from "./dense-key-domain.js";
export * from "./dense-key-domain-too-large-error.js";
