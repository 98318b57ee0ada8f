import { rename, stat } from "node:fs/promises";
import { DuckDBInstance } from "@duckdb/node-api";

/** The column the sorted copy is ordered by, so that its row groups' min/max statistics are disjoint. */
export const SORTED_TAXI_COLUMN = "trip_distance";

/**
 * A copy of the taxi Parquet file with its rows sorted by trip_distance, in row groups of
 * `rowGroupRows` rows (written by DuckDB, with statistics), next to the original as
 * `<name>.by-distance.parquet`; kept once written. The pruning case reads it: a selective
 * predicate on the sorted column rules out all but a few row groups.
 */
export async function ensureSortedTaxi(parquetPath: string, rowGroupRows: number): Promise<string> {
  const path = parquetPath.replace(/\.parquet$/, `.by-distance-rg${rowGroupRows}.parquet`);
  if ((await stat(path).catch(() => undefined))?.isFile()) return path;
  const db = await DuckDBInstance.create(":memory:", { threads: "2" });
  const connection = await db.connect();
  const quote = (p: string) => `'${p.replaceAll("'", "''")}'`;
  const partial = `${path}.partial`;
  await connection.run(
    `COPY (SELECT * FROM read_parquet(${quote(parquetPath)}) ORDER BY ${SORTED_TAXI_COLUMN}) TO ${quote(partial)} (FORMAT parquet, ROW_GROUP_SIZE ${rowGroupRows}, COMPRESSION snappy)`,
  );
  connection.closeSync();
  await rename(partial, path);
  return path;
}
