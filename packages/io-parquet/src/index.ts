export * from "./errors/io-errors.js";
export * from "./atomic-write.js";
export * from "./record-batch-input.js";
export * from "./write-parquet.js";
export * from "./write-arrow-ipc.js";
