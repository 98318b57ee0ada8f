import { DuckDBInstance, type DuckDBConnection } from "@duckdb/node-api";
import type { RecordBatch } from "apache-arrow";
import type { Backend, CompiledStage, ExecutionContext, Stage, StageGraph, StageMetrics, UnsupportedFeature } from "@datajax/core-ir";
import { DuckDbCompiledStage } from "./duckdb-compiled-stage.js";
import { DuckDbUnsupportedError } from "./duckdb-backend-errors.js";
import { stageSql, stageTable } from "./internal/sql/stage-sql.js";
import { quoteIdent } from "./internal/sql/sql-text.js";
import { appendRecordBatches } from "./internal/transfer/arrow-to-duckdb.js";
import { ArrowBatchBuilder } from "./internal/transfer/duckdb-to-arrow.js";
import { unsupportedInStage } from "./internal/unsupported-in-stage.js";

/**
 * Options of the DuckDB backend: `threads` caps DuckDB's worker threads (default: DuckDB's own,
 * one per core); `batchRows` is the most rows per output record batch (default 65 536).
 *
 * @example
 * ```ts
 * import { DuckDbBackend, type DuckDbBackendOptions } from "@datajax-examples/backend-duckdb";
 *
 * const options: DuckDbBackendOptions = { threads: 2, batchRows: 8192 };
 * const backend = new DuckDbBackend(options);
 * ```
 */
export interface DuckDbBackendOptions {
  readonly threads?: number;
  readonly batchRows?: number;
}

/** Bumped whenever the generated SQL would change (part of kernel cache keys). */
const COMPILER_VERSION = "duckdb-sql-1";

/**
 * A backend that hands each stage to an in-memory DuckDB as one generated SQL query. Arguments
 * are registered from their Arrow batches (data chunks through an appender), earlier stages'
 * outputs stay in DuckDB as temp tables for the stages that read them, and the output stage's
 * rows come back as Arrow record batches with exactly the stage's schema. Each run uses its own
 * connection, so its tables vanish when the run ends.
 *
 * What it cannot translate faithfully (JavaScript UDFs, float-to-text casts, untyped null
 * columns) it reports through `unsupported(stage)`, so the executor refuses the run or hands it
 * to a fallback backend. With `ranks` > 1 it runs the graph in one process: every exchange is a
 * no-op and the result has the same rows; the per-rank view puts every row on rank 0.
 *
 * @example
 * ```ts
 * import { DuckDbBackend } from "@datajax-examples/backend-duckdb";
 * import { Executor, tableSource } from "@datajax/runtime";
 * import type { StageGraph } from "@datajax/core-ir";
 * import { tableFromArrays } from "apache-arrow";
 *
 * async function run(graph: StageGraph) {
 *   const trips = tableSource(tableFromArrays({ fare: Float64Array.from([12, 7.5]) }), "trips");
 *   const { table } = await new Executor(new DuckDbBackend()).run(graph, { arguments: new Map([[0, trips]]) });
 *   return table;
 * }
 * ```
 */
export class DuckDbBackend implements Backend {
  readonly id = "duckdb";
  readonly compilerVersion = COMPILER_VERSION;
  private instance: Promise<DuckDBInstance> | undefined;

  constructor(private readonly options: DuckDbBackendOptions = {}) {
    if (options.threads !== undefined && (!Number.isInteger(options.threads) || options.threads < 1)) {
      throw new RangeError(`backend-duckdb: threads must be a positive integer, got ${options.threads}.`);
    }
  }

  unsupported(stage: Stage): readonly UnsupportedFeature[] {
    return unsupportedInStage(stage);
  }

  compile(stage: Stage): DuckDbCompiledStage {
    const missing = unsupportedInStage(stage);
    if (missing.length > 0) throw new DuckDbUnsupportedError(missing);
    const { sql, inputs } = stageSql(stage);
    return new DuckDbCompiledStage(stage, sql, inputs);
  }

  async *execute(graph: StageGraph, compiled: ReadonlyMap<string, CompiledStage>, context: ExecutionContext): AsyncIterable<RecordBatch> {
    const ranks = context.ranks ?? 1;
    if (!Number.isInteger(ranks) || ranks < 1) throw new RangeError(`backend-duckdb: ranks must be a positive integer, got ${ranks}.`);
    const output = graph.stages.find((s) => s.id === graph.output);
    if (!output) throw new Error(`backend-duckdb: the output stage "${graph.output}" is not in the graph (stages: ${graph.stages.map((s) => s.id).join(", ")}).`);
    const compiledStage = (s: Stage): DuckDbCompiledStage => {
      const c = compiled.get(s.id);
      return c instanceof DuckDbCompiledStage ? c : this.compile(s);
    };
    const connection = await (await this.database()).connect();
    /** Rows of each materialized stage output (they count as the reading stage's rows in). */
    const stageRows = new Map<string, number>();
    try {
      for (const stage of graph.stages) {
        if (stage.id === graph.output) continue;
        const c = compiledStage(stage);
        const started = performance.now();
        const read = await this.registerInputs(connection, c, context, stageRows);
        await connection.run(`CREATE TEMP TABLE ${quoteIdent(stageTable(stage.id))} AS ${c.sql}`);
        const rowsOut = Number((await (await connection.run(`SELECT count(*) FROM ${quoteIdent(stageTable(stage.id))}`)).getRows())[0]![0]);
        stageRows.set(stage.id, rowsOut);
        await this.dropArguments(connection, c);
        context.onStageMetrics?.(this.metrics(stage, started, read, rowsOut));
      }
      const c = compiledStage(output);
      const started = performance.now();
      const read = await this.registerInputs(connection, c, context, stageRows);
      const result = await connection.stream(c.sql);
      const builder = new ArrowBatchBuilder(output.schema, this.options.batchRows ?? 65_536);
      let rowsOut = 0;
      let emitted = false;
      const emit = (): RecordBatch => {
        const batch = builder.flush();
        context.onRankBatch?.(0, batch);
        emitted = true;
        return batch;
      };
      for (;;) {
        context.signal?.throwIfAborted();
        const chunk = await result.fetchChunk();
        if (!chunk || chunk.rowCount === 0) break;
        for (let from = 0; from < chunk.rowCount; ) {
          const n = Math.min(builder.free, chunk.rowCount - from);
          builder.append(chunk, from, n);
          from += n;
          rowsOut += n;
          if (builder.free === 0) yield emit();
        }
      }
      if (builder.rows > 0 || !emitted) yield emit();
      context.onStageMetrics?.(this.metrics(output, started, read, rowsOut));
    } finally {
      connection.closeSync();
    }
  }

  /** The in-memory database, opened on first use and shared by runs (each on its own connection). */
  private database(): Promise<DuckDBInstance> {
    this.instance ??= DuckDBInstance.create(":memory:", this.options.threads ? { threads: String(this.options.threads) } : {});
    return this.instance;
  }

  /** Registers the stage's argument tables; returns the rows and bytes it read (stage inputs count as rows in). */
  private async registerInputs(connection: DuckDBConnection, c: DuckDbCompiledStage, context: ExecutionContext, stageRows: ReadonlyMap<string, number>): Promise<{ rows: number; bytes: number; batches: number }> {
    let rows = 0;
    let bytes = 0;
    let batches = 0;
    for (const input of c.inputs) {
      if (input.kind === "stage") {
        if (!stageRows.has(input.stageId)) throw new Error(`backend-duckdb: stage "${input.stageId}" is read by ${c.stage.id} before it ran; the stage graph must list stages in dependency order.`);
        rows += stageRows.get(input.stageId)!;
        continue;
      }
      const source = context.arguments.get(input.slot);
      if (!source) throw new Error(`backend-duckdb: no data bound to argument slot ${input.slot} (${input.scan.source.name}); pass it in ExecutionContext.arguments.`);
      const counters = { bytesRead: 0, unitsTotal: 0, unitsSkipped: 0 };
      const scan = source.scan({ columns: input.columns.fields.map((f) => f.name), filter: input.scan.filter }, counters);
      const appended = await appendRecordBatches(connection, input.table, input.columns, scan, context.signal);
      rows += appended.rows;
      batches += appended.batches;
      bytes += counters.bytesRead;
    }
    return { rows, bytes, batches };
  }

  private async dropArguments(connection: DuckDBConnection, c: DuckDbCompiledStage): Promise<void> {
    for (const input of c.inputs) if (input.kind === "argument") await connection.run(`DROP TABLE ${quoteIdent(input.table)}`);
  }

  private metrics(stage: Stage, started: number, read: { rows: number; bytes: number; batches: number }, rowsOut: number): StageMetrics {
    return {
      stageId: stage.id, wallMs: performance.now() - started, rowsIn: read.rows, rowsOut,
      bytesRead: read.bytes, bytesExchanged: 0, batches: read.batches, bufferBytes: process.memoryUsage().arrayBuffers,
    };
  }
}
