import { DuckDBInstance } from "@duckdb/node-api";
import { readArrowIpc } from "@datajax/io-parquet";
import { Table } from "apache-arrow";
import { readTaxiTable } from "../harness/read-taxi-table.js";
import type { BenchCase, CaseMeasurement } from "./case-report.js";
import { sampleStats, timeRuns } from "./sample-stats.js";

/**
 * File → every column in memory, timed apart from any query: DataJAX's io-parquet (and its Arrow
 * IPC reader on the same rows), nodejs-polars' readParquet, DuckDB's read into a native table.
 * Each reader's row count is its answer, so a reader that drops rows fails the run.
 */
export const parquetReadCase: BenchCase = {
  name: "parquet_read",
  description: "read the whole taxi file into memory (load time, no query)",
  async run(inputs, runs) {
    const out: CaseMeasurement[] = [];
    const measure = async (engine: string, read: () => Promise<number>) => {
      const { ms, last } = await timeRuns(runs, read);
      out.push({ engine, unit: "ms", ...sampleStats(ms), detail: `${last.toLocaleString("en-US")} rows`, result: [{ rows: last }] });
    };
    // Each reader's file is read while the process holds nothing else: Polars measured after the
    // Arrow JS readers ran about 3× slower (1.15 s vs 0.35 s alone), so the readers that leave
    // native memory behind (Polars, DuckDB) go first and the Arrow JS readers after them.
    const polars = (await import("nodejs-polars")).default;
    await measure("polars", async () => {
      const rows = polars.readParquet(inputs.parquetPath).height;
      await new Promise((turned) => setImmediate(turned)); // polars frees native memory only when the event loop turns (TOOLCHAIN.md)
      return rows;
    });
    const db = await DuckDBInstance.create(":memory:", { threads: "2" });
    const connection = await db.connect();
    const file = inputs.parquetPath.replaceAll("'", "''");
    await measure("duckdb-2t", async () => {
      await connection.run(`CREATE OR REPLACE TABLE trips AS SELECT * FROM read_parquet('${file}')`);
      return Number((await connection.runAndReadAll("SELECT count(*) FROM trips")).getRows()[0]![0]);
    });
    connection.closeSync();
    await measure("datajax io-parquet", async () => (await readTaxiTable(inputs.parquetPath)).numRows);
    await measure("datajax io-parquet (Arrow IPC file)", async () => {
      const source = await readArrowIpc(inputs.arrowPath);
      const batches = [];
      for await (const b of source.scan({ columns: null, filter: null })) batches.push(b);
      return new Table(batches).numRows;
    });
    return out;
  },
};
