export * from "./container/container.js";
export * from "./errors/runtime-errors.js";
export * from "./executor/compiled-stage-cache.js";
export * from "./executor/executor.js";
export * from "./metrics/run-metrics.js";
export * from "./sources/arrow-table-source.js";
export * from "./udf/udf-registry.js";
export * from "./dataset/dataset.js";
export { gatherRows, type RowRef } from "./dataset/gather-rows.js";
