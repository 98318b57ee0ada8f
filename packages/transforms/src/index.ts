// Expressions
export { Series, col, lit, SERIES_API, type SeriesLike } from "./tracing/series.js";
export { inferLiteralType, type LiteralInput } from "./tracing/literal.js";
export { when, When, Then, type Branch } from "./tracing/when.js";
export { AggSpec, count, sum, mean, min, max, variance, var, std, first, last, countDistinct, type AggInput } from "./tracing/agg-spec.js";
// Frames
export { Frame, GroupedFrame, type AggMap, type JoinOptions, type SortOptions, type UdfOptions } from "./tracing/frame.js";
// djit
export { djit, type Partitioning, type DjitOptions, type JittedFunction, type JitArgs, type JitArg, type TracedFunction, type JitRunResult, type DataArgumentInput } from "./jit/djit.js";
export { setDefaultContainer, getDefaultContainer } from "./jit/default-container.js";
export { pjit, withShardingConstraint, type PjitOptions } from "./jit/pjit.js";
export { vmap, type VmapOptions } from "./jit/vmap.js";
export { scan, lowerScan, ScanCarryError, type ScanOptions, type LoweredScan } from "./jit/scan.js";
export { NotBatchableError } from "./errors/not-batchable-error.js";
export { Resource, ResourceSpecError, type ResourceSpec } from "./sharding/resource.js";
export { shard, ShardingSpec, ShardingSpecError, parseShardingSpec, resolveShardingSpec } from "./sharding/shard.js";
export type { Lowered, LoweredText, AppliedRule, OptimizeOptions } from "./jit/lowered.js";
export type { ArgSignature, Signature } from "./jit/signature.js";
// Errors
export { TracerConversionError } from "./errors/tracer-conversion-error.js";
export { TraceOutputError } from "./errors/trace-output-error.js";
export { ArgumentTypeError } from "./errors/argument-type-error.js";
export { NoContainerError } from "./errors/no-container-error.js";
