import { DuckDBInstance } from "@duckdb/node-api";
import { readArrowIpc, readParquet, type ParquetDecoderChoice } from "@datajax/io-parquet";
import { Table } from "apache-arrow";
import type { BenchCase, CaseMeasurement } from "./case-report.js";
import { sampleStats, timeRuns } from "./sample-stats.js";

/**
 * File → every column in memory, timed apart from any query: DataJAX's io-parquet with its default
 * decoder (native where built) and with parquet-wasm (and its Arrow IPC reader on the same rows),
 * nodejs-polars' readParquet, DuckDB's read into a native table.
 * Each reader's row count is its answer, so a reader that drops rows fails the run.
 */
export const parquetReadCase: BenchCase = {
  name: "parquet_read",
  description: "read the whole taxi file into memory (load time, no query)",
  async run(inputs, runs) {
    const out: CaseMeasurement[] = [];
    const measure = async (engine: string, read: () => Promise<number>, describe?: () => string) => {
      const { ms, last } = await timeRuns(runs, read);
      out.push({ engine, unit: "ms", ...sampleStats(ms), detail: `${last.toLocaleString("en-US")} rows${describe ? `, ${describe()}` : ""}`, result: [{ rows: last }] });
    };
    /** Reads every column into one table; records which decoder ran (ParquetSource.decoder) for the detail. */
    let decoderRan = "";
    const readAll = async (decoder: ParquetDecoderChoice) => {
      const source = await readParquet(inputs.parquetPath, { decoder });
      decoderRan = source.decoder;
      const batches = [];
      for await (const b of source.scan({ columns: null, filter: null })) batches.push(b);
      return new Table(batches).numRows;
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
    await measure("datajax io-parquet", () => readAll("auto"), () => `decoder auto → ${decoderRan}`);
    await measure("datajax io-parquet (wasm decoder)", () => readAll("wasm"), () => `decoder ${decoderRan}`);
    await measure("datajax io-parquet (Arrow IPC file)", async () => {
      const source = await readArrowIpc(inputs.arrowPath);
      const batches = [];
      for await (const b of source.scan({ columns: null, filter: null })) batches.push(b);
      return new Table(batches).numRows;
    });
    return out;
  },
};
