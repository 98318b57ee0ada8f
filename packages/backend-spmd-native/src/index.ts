export * from "./native-loader.js";
export { nativeAddon, type NativeAddon, type NativeComm, type NativeKeyColumn, type NativeKeyHash, type NativeKeyType, type ReduceOp } from "./native.js";

export { initWorld, type MpiWorld } from "./comm/world.js";
export { abortWorld, allgather, allreduce, alltoallv, barrier, bcast } from "./comm/collectives.js";
export { broadcastBatch, exchangeBatches, gatherToRoot } from "./comm/exchange-batches.js";
export { encodeBatch } from "./comm/encode-batch.js";
export { decodeBatch } from "./comm/decode-batch.js";

export * from "./kernels/index.js";
export type { NativeExprProgramBuffers, NativeGroupAggregator, NativeHashJoin, NativeKernels } from "./native.js";

export { hashPartitionBatch } from "./hash/hash-partition-batch.js";
export { keyColumnOf } from "./hash/key-column-of.js";

export { ExchangePayloadError } from "./errors/exchange-payload-error.js";
export { InvalidHashPartitionError } from "./errors/invalid-hash-partition-error.js";
export { MpiCommError } from "./errors/mpi-comm-error.js";
export { MAX_BYTES_PER_PEER, MpiPayloadTooLargeError } from "./errors/mpi-payload-too-large-error.js";
export { UnsupportedNativeTypeError } from "./errors/unsupported-native-type-error.js";

export { SPMD_NATIVE_BACKEND_ID, SpmdCompiledStage, SpmdNativeBackend, type SpmdNativeBackendOptions, type SpmdResultMode } from "./spmd-native-backend.js";
export { registerSpmdNativeBackend, type SpmdBackendRegistry } from "./register-spmd-native-backend.js";
export { StageCompute, type StageInputs, type ComputeCounters } from "./execution/stage-compute.js";
export type { RankPlace } from "./execution/rank-place.js";
export { spmdWorld } from "./execution/spmd-world.js";
export { writeRankParquet } from "./execution/write-rank-parquet.js";
export { RankCountMismatchError, WorldMismatchError } from "./execution/spmd-errors.js";
