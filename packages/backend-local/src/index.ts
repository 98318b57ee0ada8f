export { LocalBackend, LocalCompiledStage } from "./local-backend.js";
export type { PhysicalOperator, RunContext } from "./exec/physical-operator.js";
export type { ColumnBatch } from "./columns/column-batch.js";
export type { Column, ValueArray } from "./columns/column.js";
export { registerLocalBackend, type BackendRegistry } from "./register-local-backend.js";
export { executePlanLocally } from "./execute-plan-locally.js";
export { arrowTableSource } from "./arrow-table-source.js";
export { generatedKernelCount, useKernelDiskCache, clearKernelMemory } from "./codegen/kernel-cache.js";
export { KernelDiskCache, KERNEL_COMPILER_VERSION } from "./codegen/kernel-disk-cache.js";
