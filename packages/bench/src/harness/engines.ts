import { Table } from "apache-arrow";
import { DuckDBInstance, type DuckDBConnection } from "@duckdb/node-api";
import { registerLocalBackend } from "@datajax/backend-local";
import { readParquet } from "@datajax/io-parquet";
import { createContainer, tableSource, type ArrowTableSource } from "@datajax/runtime";
import { djit } from "@datajax/transforms";
import { sortRows, tableRows, type ReferenceQuery, type ResultRows, type TaxiColumns } from "../queries/reference-query.js";
import { taxiColumns } from "../queries/taxi-columns.js";

/** An engine under test: loads the data once (timed apart), then answers queries. */
export interface Engine {
  readonly id: string;
  load(parquetPath: string): Promise<void>;
  /** Prepares a query (compile, warm caches) and returns the function the harness times. */
  prepare(query: ReferenceQuery): Promise<() => Promise<ResultRows>>;
  close?(): Promise<void>;
}

async function readTable(path: string): Promise<Table> {
  const source = await readParquet(path);
  const batches = [];
  for await (const b of source.scan({ columns: null, filter: null })) batches.push(b);
  return new Table(batches);
}

/** The local backend through djit, over the table held in memory. */
export function localEngine(): Engine {
  let source: ArrowTableSource;
  const container = createContainer();
  registerLocalBackend(container);
  return {
    id: "datajax-local",
    async load(path) {
      source = tableSource(await readTable(path), "trips");
    },
    async prepare(query) {
      const f = djit(query.pipeline, { container, name: query.name });
      return async () => tableRows(await f(source), query.keys);
    },
  };
}

/** The straightforward fused typed-array loop (the speed reference of the foundation issue). */
export function handWrittenEngine(): Engine {
  let columns: TaxiColumns;
  return {
    id: "hand-written",
    async load(path) {
      columns = taxiColumns(await readTable(path));
    },
    async prepare(query) {
      return async () => sortRows(query.handWritten(columns), query.keys);
    },
  };
}

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
      return async () => {
        const r = await connection.runAndReadAll(query.sql);
        const rows = r.getRowObjects().map((row) => {
          const o: Record<string, number | null> = {};
          for (const [k, v] of Object.entries(row)) o[k] = v === null ? null : typeof v === "bigint" ? Number(v) : Number(v);
          return o;
        });
        return sortRows(rows, query.keys);
      };
    },
  };
}

export const ENGINE_IDS = ["hand-written", "datajax-local", "duckdb-1t", "duckdb-2t"] as const;

export function engineById(id: string): Engine {
  switch (id) {
    case "hand-written": return handWrittenEngine();
    case "datajax-local": return localEngine();
    case "duckdb-1t": return duckdbEngine(1);
    case "duckdb-2t": return duckdbEngine(2);
    default: throw new Error(`unknown engine "${id}" (known: ${ENGINE_IDS.join(", ")})`);
  }
}
