import type { CompiledStage, Stage } from "@datajax/core-ir";
import type { StageInput } from "./internal/sql/stage-sql.js";

/**
 * A stage compiled by the DuckDB backend: one SQL query over the tables the stage reads.
 * `describe()` returns the SQL, preceded by the tables and where their rows come from.
 *
 * @example
 * ```ts
 * import { DuckDbBackend } from "@datajax-examples/backend-duckdb";
 * import type { Stage } from "@datajax/core-ir";
 *
 * function showSql(stage: Stage): string {
 *   return new DuckDbBackend().compile(stage).describe(); // "stage s0 (duckdb)\n  -- djx_s0_arg0 ← argument 0 ...\nWITH n0 AS (...) SELECT ..."
 * }
 * ```
 */
export class DuckDbCompiledStage implements CompiledStage {
  constructor(
    readonly stage: Stage,
    /** The query: the stage's columns and the row-order column `__djx_ord`, in row order. */
    readonly sql: string,
    /** The tables `sql` reads, registered before it runs. */
    readonly inputs: readonly StageInput[],
  ) {}

  describe(): string {
    const tables = this.inputs.map((i) => `  -- ${i.table} ← ${i.kind === "argument" ? `argument ${i.slot} (${i.scan.source.name})` : `stage ${i.stageId}`}`);
    return [`stage ${this.stage.id} (duckdb)`, ...tables, this.sql].join("\n");
  }
}
