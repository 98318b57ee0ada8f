export { DuckDbBackend, type DuckDbBackendOptions } from "./duckdb-backend.js";
export { DuckDbCompiledStage } from "./duckdb-compiled-stage.js";
export { DuckDbUnsupportedError } from "./duckdb-backend-errors.js";
export { registerDuckDbBackend } from "./register-duckdb-backend.js";
export type { StageInput } from "./internal/sql/stage-sql.js";
