/**
 * Measures Parquet readers on the 10M-row taxi file, reading into Arrow JS (or the reader's own
 * form where it has no Arrow export). Each reader runs in its own child process, so its first
 * call (wasm instantiation, native library load) is measured cold, then `RUNS` warm calls give
 * the median. After `bash scripts/setup.sh` (see docs/parquet-readers.md):
 *
 *   node packages/bench/dist/data/measure-parquet-readers.js [rows=10000000] [runs=5]
 */
import { spawnSync } from "node:child_process";
import { openAsBlob, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import * as arrow from "apache-arrow";
import { ensureTaxiDataset } from "@datajax/datajax";

interface Reader {
  readonly name: string;
  readonly what: string;
  /** Prepares the library (loads wasm or native code); timed as part of the first call. */
  readonly load: () => Promise<(path: string) => Promise<number>>;
}

const PROJECTED = ["tpep_pickup_datetime", "PULocationID", "fare_amount", "tip_amount"];
const BATCH = 122_880;

async function parquetWasm() {
  const { parquetWasm } = await import("@datajax/io-parquet");
  return parquetWasm();
}

const readers: Reader[] = [
  {
    name: "parquet-wasm readParquet",
    what: "readFile + readParquet(bytes, {batchSize: 122880}) → IPC → tableFromIPC, all columns",
    load: async () => {
      const pw = await parquetWasm();
      return async (path) => arrow.tableFromIPC(pw.readParquet(readFileSync(path), { batchSize: BATCH }).intoIPCStream()).numRows;
    },
  },
  {
    name: "parquet-wasm readParquet (default batch)",
    what: "as above with the default batchSize (1024)",
    load: async () => {
      const pw = await parquetWasm();
      return async (path) => arrow.tableFromIPC(pw.readParquet(readFileSync(path)).intoIPCStream()).numRows;
    },
  },
  {
    name: "parquet-wasm ParquetFile.stream",
    what: "ParquetFile.fromFile(openAsBlob) → stream({batchSize: 122880}) → per batch IPC → Arrow JS, all columns",
    load: async () => {
      const pw = await parquetWasm();
      return async (path) => streamRows(pw, path, undefined);
    },
  },
  {
    name: "parquet-wasm ParquetFile.stream, 4 columns",
    what: `same, columns ${PROJECTED.join(", ")}`,
    load: async () => {
      const pw = await parquetWasm();
      return async (path) => streamRows(pw, path, PROJECTED);
    },
  },
  {
    name: "@datajax/io-parquet scan (worker thread)",
    what: "readParquet(path) (footer only), then scan(): parquet-wasm stream in a worker, IPC bytes transferred → Arrow JS, all columns",
    load: async () => ioParquetScan(null),
  },
  {
    name: "@datajax/io-parquet scan, 4 columns",
    what: `same, columns ${PROJECTED.join(", ")}`,
    load: async () => ioParquetScan(PROJECTED),
  },
  {
    name: "nodejs-polars readParquet → IPC → Arrow JS",
    what: "pl.readParquet(path) then df.writeIPCStream() → tableFromIPC, all columns",
    load: async () => {
      const pl = (await import("nodejs-polars")).default;
      return async (path) => {
        const df = pl.readParquet(path);
        const n = arrow.tableFromIPC(df.writeIPCStream()).numRows;
        await new Promise((r) => setImmediate(r)); // polars frees native memory when the loop turns
        return n;
      };
    },
  },
  {
    name: "nodejs-polars readParquet (DataFrame only)",
    what: "pl.readParquet(path), no transfer to Arrow JS",
    load: async () => {
      const pl = (await import("nodejs-polars")).default;
      return async (path) => {
        const n = pl.readParquet(path).height;
        await new Promise((r) => setImmediate(r));
        return n;
      };
    },
  },
  {
    name: "duckdb scan (aggregate, no transfer)",
    what: "SELECT count(*), sum(fare_amount), … FROM read_parquet(path): scans every column, returns one row",
    load: async () => {
      const { DuckDBInstance } = await import("@duckdb/node-api");
      const connection = await (await DuckDBInstance.create(":memory:")).connect();
      return async (path) => {
        const sql = `SELECT count(*)::DOUBLE, sum(fare_amount), sum(tip_amount), sum(total_amount), sum(trip_distance), max(tpep_pickup_datetime), max(tpep_dropoff_datetime), sum(VendorID + passenger_count + PULocationID + DOLocationID + payment_type) FROM read_parquet('${path}')`;
        const rows = (await connection.runAndReadAll(sql)).getRows();
        return Number(rows[0]![0]);
      };
    },
  },
  {
    name: "duckdb → JS columns, 4 columns",
    what: `SELECT ${PROJECTED.join(", ")} → getColumns() (DuckDB's Node API has no Arrow export)`,
    load: async () => {
      const { DuckDBInstance } = await import("@duckdb/node-api");
      const connection = await (await DuckDBInstance.create(":memory:")).connect();
      return async (path) => {
        const reader = await connection.runAndReadAll(`SELECT ${PROJECTED.join(", ")} FROM read_parquet('${path}')`);
        return reader.getColumns()[0]!.length;
      };
    },
  },
];

async function ioParquetScan(columns: string[] | null): Promise<(path: string) => Promise<number>> {
  const { readParquet } = await import("@datajax/io-parquet");
  return async (path) => {
    const source = await readParquet(path);
    let rows = 0;
    for await (const batch of source.scan({ columns, filter: null })) rows += batch.numRows;
    return rows;
  };
}

async function streamRows(pw: Awaited<ReturnType<typeof parquetWasm>>, path: string, columns: string[] | undefined): Promise<number> {
  const file = await pw.ParquetFile.fromFile(await openAsBlob(path));
  const stream = await file.stream(columns ? { batchSize: BATCH, columns } : { batchSize: BATCH });
  let rows = 0;
  for await (const batch of stream as unknown as AsyncIterable<{ intoIPCStream(): Uint8Array }>) {
    const t = arrow.tableFromIPC(batch.intoIPCStream());
    if (columns && t.numCols !== columns.length) throw new Error(`projection returned ${t.numCols} columns`);
    rows += t.numRows;
  }
  file.free();
  return rows;
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function child(readerIndex: number, path: string, runs: number): Promise<void> {
  const reader = readers[readerIndex]!;
  const t0 = performance.now();
  const read = await reader.load();
  const rows = await read(path);
  const first = (performance.now() - t0) / 1000;
  const warm: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await read(path);
    warm.push((performance.now() - t) / 1000);
  }
  const rssGiB = process.memoryUsage().rss / 2 ** 30;
  process.stdout.write(JSON.stringify({ reader: reader.name, what: reader.what, rows, first, median: median(warm), min: Math.min(...warm), rssGiB }) + "\n");
}

async function main(): Promise<void> {
  if (process.argv[2] === "--child") return child(Number(process.argv[3]), process.argv[4]!, Number(process.argv[5]));
  const rows = Number(process.argv[2] ?? 10_000_000);
  const runs = Number(process.argv[3] ?? 5);
  const dataset = await ensureTaxiDataset({ rows });
  console.log(`# ${dataset.path}: ${(dataset.bytes / 2 ** 20).toFixed(0)} MiB, ${rows} rows; median of ${runs} warm runs, one process per reader, node ${process.version}`);
  console.log("| reader | first call (s) | warm median (s) | warm min (s) | RSS (GiB) |\n|---|---|---|---|---|");
  for (let i = 0; i < readers.length; i++) {
    const r = spawnSync(process.execPath, [fileURLToPath(import.meta.url), "--child", String(i), dataset.path, String(runs)], { encoding: "utf8", maxBuffer: 1 << 24 });
    const line = r.stdout.trim().split("\n").pop() ?? "";
    if (r.status !== 0 || !line.startsWith("{")) {
      console.log(`| ${readers[i]!.name} | failed: ${(r.stderr || r.stdout).trim().split("\n").slice(-3).join(" ").slice(0, 200)} | | | |`);
      continue;
    }
    const m = JSON.parse(line) as { reader: string; rows: number; first: number; median: number; min: number; rssGiB: number };
    if (m.rows !== rows) throw new Error(`${m.reader} returned ${m.rows} rows, expected ${rows}`);
    console.log(`| ${m.reader} | ${m.first.toFixed(2)} | ${m.median.toFixed(2)} | ${m.min.toFixed(2)} | ${m.rssGiB.toFixed(1)} |`);
  }
}

await main();
