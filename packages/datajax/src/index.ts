// The public API of DataJAX in one import. Each name comes from the package that owns it.
export * from "@datajax/transforms";
export { djit } from "./djit.js";
export { pjit } from "./pjit.js";
export { scan } from "./scan.js";
export { writeNpy } from "./write-npy.js";
export { defaultContainer } from "./default-container.js";
export * from "@datajax/io-parquet";
export {
  createContainer,
  setDefaultBackend,
  resolveBackend,
  registeredBackends,
  tableSource,
  shardSource,
  mpiWorldFromEnv,
  type MpiWorld,
  type SourceShard,
  Executor,
  formatMetrics,
  metricsToJsonLines,
  metricsToPrometheus,
  UdfRegistry,
  BackendNotFoundError,
  dataset,
  Dataset,
  columnToDLPack,
  tableToDLPack,
  encodeNpy,
  toOnnxTensor,
  type OnnxRuntimeLike,
  DLDataTypeCode,
  TensorConversionError,
  type BatchOptions,
  type DLPackTensor,
  type DependencyContainer,
  type RunMetrics,
  type RunResult,
} from "@datajax/runtime";
export { registerLocalBackend, LocalBackend, shareTable, isSharedTable, type LocalBackendOptions } from "@datajax/backend-local";
export {
  t,
  field,
  schema,
  Sharding,
  DataJaxError,
  ColumnNotFoundError,
  TypeMismatchError,
  printPlan,
  explainTree,
  printStageGraph,
  planToJson,
  planFromJson,
  stageGraphToJson,
  stageGraphFromJson,
  BACKEND_TOKEN,
  type Backend,
  type ResultCache,
  type DataSource,
  type DataType,
  type Field,
  type Schema,
  type PlanNode,
  type StageGraph,
} from "@datajax/core-ir";
export { featurize } from "./demo/featurize.js";
export { generateTaxi, DEFAULT_TAXI_SEED, DEFAULT_TAXI_BATCH_ROWS, type GenerateTaxiOptions } from "./demo/taxi/generate-taxi.js";
export { ensureTaxiDataset, taxiDatasetFileName, type EnsureTaxiDatasetOptions, type TaxiDataset } from "./demo/taxi/ensure-taxi-dataset.js";
export { defaultCacheDir } from "./demo/taxi/cache-dir.js";
export { taxiSchema, TAXI_ZONES } from "./demo/taxi/taxi-schema.js";
export { writeDeployment, readDeployment, parseManifest, diffManifests, manifestDigest, planTransfer, type Manifest, type CompileTarget } from "@datajax/control-plane";
export { mpirunArguments, type LaunchRequest } from "./cli/launch.js";
