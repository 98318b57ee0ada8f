import { DataJaxError, type UnsupportedFeature } from "@datajax/core-ir";

/**
 * The DuckDB backend was asked to compile or run a stage it reported unsupported (code
 * `DJX_DUCKDB_UNSUPPORTED`). The executor normally checks `unsupported()` first and refuses the
 * run with UnsupportedStageError or hands it to a fallback backend; this error is for direct calls.
 *
 * @example
 * ```ts
 * import { DuckDbBackend, DuckDbUnsupportedError } from "@datajax-examples/backend-duckdb";
 * import type { Stage } from "@datajax/core-ir";
 *
 * function tryCompile(stage: Stage) {
 *   try {
 *     return new DuckDbBackend().compile(stage);
 *   } catch (err) {
 *     if (err instanceof DuckDbUnsupportedError) console.error(err.features.map((f) => f.reason));
 *     return undefined;
 *   }
 * }
 * ```
 */
export class DuckDbUnsupportedError extends DataJaxError {
  constructor(readonly features: readonly UnsupportedFeature[]) {
    super(
      "DJX_DUCKDB_UNSUPPORTED",
      `the duckdb backend cannot run stage ${features[0]?.stageId ?? "?"}:\n` +
        features.map((f) => `  ${f.node}: ${f.reason}`).join("\n") +
        "\nRun it on the local backend, or let the executor fall back to one (check backend.unsupported(stage) before compiling).",
    );
  }
}
