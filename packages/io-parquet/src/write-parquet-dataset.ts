import { mkdir, readdir, rm } from "node:fs/promises";
import { join } from "node:path";
import { writeFileAtomically } from "./atomic-write.js";
import type { RecordBatchInput } from "./record-batch-input.js";
import { writeParquet, type WriteParquetOptions } from "./write-parquet.js";

/**
 * The file rank `rank` of `ranks` writes into a dataset folder (numbers padded to five digits).
 *
 * @example
 * ```ts
 * import { partFileName } from "@datajax/io-parquet";
 * partFileName(2, 4); // "part-00002-of-00004.parquet"
 * ```
 */
export const partFileName = (rank: number, ranks: number): string => `part-${String(rank).padStart(5, "0")}-of-${String(ranks).padStart(5, "0")}.parquet`;

/**
 * The marker writeParquetDataset writes last: a folder without it is not a complete dataset.
 *
 * @example
 * ```ts
 * import { existsSync } from "node:fs";
 * import { join } from "node:path";
 * import { SUCCESS_MARKER } from "@datajax/io-parquet";
 * if (!existsSync(join("out/daily", SUCCESS_MARKER))) throw new Error("out/daily is incomplete: rerun the job");
 * ```
 */
export const SUCCESS_MARKER = "_SUCCESS";

/**
 * Writes a distributed result as a folder with one Parquet file per rank (`part-00002-of-00004.parquet`),
 * each written atomically, then the `_SUCCESS` marker. Any marker and parts of an earlier write
 * are removed first, so a folder never mixes two writes, and an interrupted write leaves no marker
 * (readers of the folder skip `_` and `.` files; check for the marker before trusting it).
 * Returns the part files' paths, in rank order.
 *
 * @example
 * ```ts
 * import { tableFromArrays } from "apache-arrow";
 * import { readParquet, writeParquetDataset } from "@datajax/io-parquet";
 * const rank0 = tableFromArrays({ zone: Int32Array.from([1, 2]) });
 * const rank1 = tableFromArrays({ zone: Int32Array.from([3]) });
 * const paths = await writeParquetDataset([rank0, rank1], "out/zones"); // [".../part-00000-of-00002.parquet", ...]
 * const zones = await readParquet("out/zones"); // one source over both parts
 * ```
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
