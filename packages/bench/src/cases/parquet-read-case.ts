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
    await measure("datajax io-parquet", async () => (await readTaxiTable(inputs.parquetPath)).numRows);
    await measure("datajax io-parquet (Arrow IPC file)", async () => {
      const source = await readArrowIpc(inputs.arrowPath);
      const batches = [];
      for await (const b of source.scan({ columns: null, filter: null })) batches.push(b);
      return new Table(batches).numRows;
    });
    const polars = (await import("nodejs-polars")).default;
    await measure("polars", async () => polars.readParquet(inputs.parquetPath).height);
    const db = await DuckDBInstance.create(":memory:", { threads: "2" });
    const connection = await db.connect();
    const file = inputs.parquetPath.replaceAll("'", "''");
    await measure("duckdb-2t", async () => {
      await connection.run(`CREATE OR REPLACE TABLE trips AS SELECT * FROM read_parquet('${file}')`);
      return Number((await connection.runAndReadAll("SELECT count(*) FROM trips")).getRows()[0]![0]);
    });
    connection.closeSync();
    return out;
  },
};
