import { DuckDBInstance } from "@duckdb/node-api";
import { registerLocalBackend } from "@datajax/backend-local";
import { readParquet } from "@datajax/io-parquet";
import { createContainer } from "@datajax/runtime";
import { col, count, djit, sum } from "@datajax/transforms";
import { readFile, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { tableRows } from "../queries/reference-query.js";
import { SORTED_TAXI_COLUMN } from "../data/ensure-sorted-taxi.js";
import type { BenchCase, CaseMeasurement } from "./case-report.js";
import { sampleStats, timeRuns } from "./sample-stats.js";

/** The selective predicate: trips longer than this many miles (a few in ten thousand). */
export const PRUNED_FILTER_MIN_DISTANCE = 25;

const size = (bytes: number) => (bytes >= 2 ** 20 ? `${(bytes / 2 ** 20).toFixed(1)} MiB` : `${(bytes / 2 ** 10).toFixed(1)} KiB`);

/**
 * A selective filter straight from Parquet, on the copy sorted by trip_distance: DataJAX's scan
 * (rows and bytes read from its run metrics, the filter pushed into the scan prunes row groups by
 * their statistics) against DuckDB reading the same file (rows and bytes from its profiler).
 */
export const prunedFilterCase: BenchCase = {
  name: "pruned_filter",
  description: `count and fare sum of trips with ${SORTED_TAXI_COLUMN} > ${PRUNED_FILTER_MIN_DISTANCE}, read from Parquet sorted by ${SORTED_TAXI_COLUMN}`,
  async run(inputs, runs) {
    const path = inputs.sortedParquetPath;
    const fileBytes = (await stat(path)).size;
    const out: CaseMeasurement[] = [];

    const container = createContainer();
    registerLocalBackend(container);
    const query = djit(
      (trips) => trips.filter(col(SORTED_TAXI_COLUMN).gt(PRUNED_FILTER_MIN_DISTANCE)).agg({ n: count(), fare_sum: sum("fare_amount") }),
      { container, name: "pruned_filter" },
    );
    const local = await timeRuns(runs, async () => query.run(await readParquet(path)));
    const rowsRead = local.last.metrics.stages.reduce((n, s) => n + (s.bytesRead > 0 ? s.rowsIn : 0), 0);
    const bytesRead = local.last.metrics.stages.reduce((n, s) => n + s.bytesRead, 0);
    const source = await readParquet(path);
    out.push({
      engine: "datajax-local",
      unit: "ms",
      ...sampleStats(local.ms),
      detail: `read ${rowsRead.toLocaleString("en-US")} of ${(source.rowCount ?? 0).toLocaleString("en-US")} rows, ${size(bytesRead)} of a ${size(fileBytes)} file (compressed column chunks)`,
      result: tableRows(local.last.table, []),
    });

    const db = await DuckDBInstance.create(":memory:", { threads: "2" });
    const connection = await db.connect();
    const sql = `SELECT count(*) AS n, sum(fare_amount) AS fare_sum FROM read_parquet('${path.replaceAll("'", "''")}') WHERE ${SORTED_TAXI_COLUMN} > ${PRUNED_FILTER_MIN_DISTANCE}`;
    const duck = await timeRuns(runs, async () => (await connection.runAndReadAll(sql)).getRowObjects());
    const profile = join(tmpdir(), `djx-bench-duckdb-profile-${process.pid}.json`);
    await connection.run("PRAGMA enable_profiling='json'");
    await connection.run(`PRAGMA profiling_output='${profile}'`);
    await connection.run(sql);
    await connection.run("PRAGMA disable_profiling");
    const scan = findOperator(JSON.parse(await readFile(profile, "utf8")) as ProfileNode, "TABLE_SCAN");
    await rm(profile, { force: true });
    connection.closeSync();
    out.push({
      engine: "duckdb-2t",
      unit: "ms",
      ...sampleStats(duck.ms),
      detail: `DuckDB profiler: operator_rows_scanned ${Number(scan?.operator_rows_scanned ?? NaN).toLocaleString("en-US")} (its own count, over the columns it reads), ${Number(scan?.operator_cardinality ?? NaN).toLocaleString("en-US")} rows out of the scan`,
      result: duck.last.map((r) => ({ n: Number(r["n"]), fare_sum: r["fare_sum"] === null ? null : Number(r["fare_sum"]) })),
    });
    return out;
  },
};

interface ProfileNode {
  readonly operator_type?: string;
  readonly operator_rows_scanned?: number;
  readonly operator_cardinality?: number;
  readonly children?: readonly ProfileNode[];
}

function findOperator(node: ProfileNode, type: string): ProfileNode | undefined {
  if (node.operator_type === type) return node;
  for (const c of node.children ?? []) {
    const found = findOperator(c, type);
    if (found) return found;
  }
  return undefined;
}
