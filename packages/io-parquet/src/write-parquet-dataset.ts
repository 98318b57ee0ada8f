import { mkdir, readdir, rm } from "node:fs/promises";
import { join } from "node:path";
import { writeFileAtomically } from "./atomic-write.js";
import type { RecordBatchInput } from "./record-batch-input.js";
import { writeParquet, type WriteParquetOptions } from "./write-parquet.js";

/** The file rank `rank` of `ranks` writes into a dataset folder. */
export const partFileName = (rank: number, ranks: number): string => `part-${String(rank).padStart(5, "0")}-of-${String(ranks).padStart(5, "0")}.parquet`;

/** The marker written last: a folder without it is not a complete dataset. */
export const SUCCESS_MARKER = "_SUCCESS";

/**
 * Writes a distributed result as a folder with one Parquet file per rank (`part-00002-of-00004.parquet`),
 * each written atomically, then the `_SUCCESS` marker. Any marker and parts of an earlier write
 * are removed first, so a folder never mixes two writes, and an interrupted write leaves no marker
 * (readers of the folder skip `_` and `.` files; check for the marker before trusting it).
 */
export async function writeParquetDataset(perRank: readonly RecordBatchInput[], dir: string, options: WriteParquetOptions = {}): Promise<string[]> {
  await mkdir(dir, { recursive: true });
  await rm(join(dir, SUCCESS_MARKER), { force: true });
  for (const name of await readdir(dir)) if (/^part-\d{5}-of-\d{5}\.parquet$/.test(name)) await rm(join(dir, name), { force: true });
  const paths: string[] = [];
  for (const [rank, input] of perRank.entries()) {
    const path = join(dir, partFileName(rank, perRank.length));
    await writeParquet(input, path, options);
    paths.push(path);
  }
  await writeFileAtomically(join(dir, SUCCESS_MARKER), async (f) => {
    await f.write(`${perRank.length} parts\n`);
  });
  return paths;
}
