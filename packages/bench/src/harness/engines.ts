import { DuckDBInstance, type DuckDBConnection, type DuckDBResultReader } from "@duckdb/node-api";
import type { Table } from "apache-arrow";
import { registerLocalBackend, shareTable } from "@datajax/backend-local";
import { createContainer, tableSource, type ArrowTableSource } from "@datajax/runtime";
import { djit, pjit, Resource } from "@datajax/transforms";
import { sortRows, tableRows, type ReferenceQuery, type ResultRows, type TaxiColumns } from "../queries/reference-query.js";
import { taxiColumns } from "../queries/taxi-columns.js";
import { arqueroEngine } from "./arquero-engine.js";
import type { Engine } from "./engine.js";
import { nativeEngine } from "./native-engine.js";
import { polarsEngine } from "./polars-engine.js";
import { readTaxiTable } from "./read-taxi-table.js";
import { UnknownEngineError } from "./unknown-engine-error.js";

export { answerOf } from "./engine.js";
export type { Engine, LockstepGroup, PreparedQuery } from "./engine.js";
export { arqueroEngine, nativeEngine, polarsEngine };

/** The local backend through djit, over the table held in memory. */
export function localEngine(): Engine {
  let source: ArrowTableSource;
  const container = createContainer();
  registerLocalBackend(container);
  return {
    id: "datajax-local",
    async load(path) {
      source = tableSource(await readTaxiTable(path), "trips");
    },
    async prepare(query) {
      const f = djit(query.pipeline, { container, name: query.name });
      return { run: () => f(source), rows: (t: Table) => tableRows(t, query.keys) };
    },
  };
}

/**
 * The local backend on `threads` threads: the table copied into shared memory when it is loaded
 * (shareTable: counted in the load time), each query run through pjit over as many ranks, one
 * per thread (rank 1 on a worker thread reading the shared table in place).
 */
export function localThreadsEngine(threads: number): Engine {
  let source: ArrowTableSource;
  const container = createContainer();
  registerLocalBackend(container, { threads });
  const resource = new Resource({ axes: { data: threads } });
  return {
    id: `datajax-local-${threads}t`,
    async load(path) {
      source = tableSource(shareTable(await readTaxiTable(path)), "trips");
    },
    async prepare(query) {
      const f = pjit(query.pipeline, { container, backend: "local", resource, name: query.name });
      return { run: () => f(source), rows: (t: Table) => tableRows(t, query.keys) };
    },
  };
}

/** A hand-written typed-array engine: the table's columns loaded once, each query's loop picked by `loop`. */
function loopEngine(id: string, loop: (query: ReferenceQuery) => (columns: TaxiColumns) => ResultRows): Engine {
  let columns: TaxiColumns;
  return {
    id,
    async load(path) {
      columns = taxiColumns(await readTaxiTable(path));
    },
    async prepare(query) {
      const run = loop(query);
      return { run: async () => run(columns), rows: (r: ResultRows) => sortRows(r, query.keys) };
    },
  };
}

/** The straightforward fused typed-array loop (the speed reference of the foundation issue). */
export const handWrittenEngine = (): Engine => loopEngine("hand-written", (q) => q.handWritten);

/** The tuned hand-written loops of issue 9 (queries/tuned-loops.ts): the speed reference. */
export const tunedHandWrittenEngine = (): Engine => loopEngine("hand-written-tuned", (q) => q.tuned);

/** DuckDB with a fixed number of threads, data loaded into a native table first. */
export function duckdbEngine(threads: number): Engine {
  let connection: DuckDBConnection;
  return {
    id: `duckdb-${threads}t`,
    async load(path) {
      const db = await DuckDBInstance.create(":memory:", { threads: String(threads) });
      connection = await db.connect();
      await connection.run(`CREATE TABLE trips AS SELECT * FROM read_parquet('${path.replaceAll("'", "''")}')`);
    },
    async prepare(query) {
      return {
        run: () => connection.runAndReadAll(query.sql),
        rows: (r: DuckDBResultReader) => {
          const rows = r.getRowObjects().map((row) => {
            const o: Record<string, number | null> = {};
            for (const [k, v] of Object.entries(row)) o[k] = v === null ? null : typeof v === "bigint" ? Number(v) : Number(v);
            return o;
          });
          return sortRows(rows, query.keys);
        },
      };
    },
  };
}

/** Every engine, in the order the harness runs them; the first is the reference the others' answers are checked against. */
export const ENGINE_IDS = ["hand-written", "hand-written-tuned", "datajax-local", "datajax-local-2t", "datajax-native-1r", "datajax-native-2r", "duckdb-1t", "duckdb-2t", "polars", "arquero"] as const;

/** MPI ranks an engine's process runs on (the harness starts those with more than one under mpirun). */
export function engineRanks(id: string): number {
  return id === "datajax-native-2r" ? 2 : 1;
}

export function engineById(id: string): Engine {
  switch (id) {
    case "hand-written": return handWrittenEngine();
    case "hand-written-tuned": return tunedHandWrittenEngine();
    case "datajax-local": return localEngine();
    case "datajax-local-2t": return localThreadsEngine(2);
    case "datajax-native-1r": return nativeEngine(id, 1);
    case "datajax-native-2r": return nativeEngine(id, 2);
    case "duckdb-1t": return duckdbEngine(1);
    case "duckdb-2t": return duckdbEngine(2);
    case "polars": return polarsEngine();
    case "arquero": return arqueroEngine();
    default: throw new UnknownEngineError(id, ENGINE_IDS);
  }
}
