import { mkdir, stat } from "node:fs/promises";
import { join } from "node:path";
import type * as arrow from "apache-arrow";
import { writeArrowIpc, writeParquet, type ParquetCompression } from "@datajax/io-parquet";
import { defaultCacheDir } from "./cache-dir.js";
import { DEFAULT_TAXI_SEED, generateTaxi } from "./generate-taxi.js";

/**
 * Which taxi data set ensureTaxiDataset returns (rows, seed, format: part of the file name) and
 * how it writes one (codec, row groups: not part of it).
 *
 * @example
 * ```ts
 * import type { EnsureTaxiDatasetOptions } from "@datajax/datajax";
 *
 * const options: EnsureTaxiDatasetOptions = { rows: 5_000_000, format: "parquet", compression: "zstd", onProgress: (p) => console.log(p.rowsWritten) };
 * ```
 */
export interface EnsureTaxiDatasetOptions {
  /** Rows in the data set. */
  readonly rows: number;
  /** Folder of the cache. Default: defaultCacheDir(). */
  readonly dir?: string;
  /** Default 42. Another seed gives another file (`taxi-<rows>-seed<seed>.<ext>`). */
  readonly seed?: number;
  /** "parquet" (default) or Arrow IPC "arrow" (file format). */
  readonly format?: "parquet" | "arrow";
  /** Parquet codec. Default "snappy". */
  readonly compression?: ParquetCompression;
  /** Rows per Parquet row group and per Arrow batch. Default 122,880. */
  readonly rowGroupRows?: number;
  /** Called after each batch is generated and handed to the writer. */
  readonly onProgress?: (progress: { readonly rowsWritten: number; readonly rows: number }) => void;
}

/**
 * A taxi data set file in the cache, as ensureTaxiDataset returns it.
 *
 * @example
 * ```ts
 * import { ensureTaxiDataset, type TaxiDataset } from "@datajax/datajax";
 *
 * const ds: TaxiDataset = await ensureTaxiDataset({ rows: 100_000 });
 * console.log(`${ds.path}: ${ds.rows} rows, ${ds.bytes} bytes${ds.created ? " (generated now)" : ""}`);
 * ```
 */
export interface TaxiDataset {
  /** Absolute path of the file (when the cache folder is absolute, as defaultCacheDir's is). */
  readonly path: string;
  /** Rows in the file. */
  readonly rows: number;
  /** Size of the file in bytes. */
  readonly bytes: number;
  /** False when the file was already in the cache. */
  readonly created: boolean;
}

/**
 * The cache file name for a data set: `taxi-<rows>.<format>`, with `-seed<seed>` after the rows
 * for a non-default seed.
 *
 * @example
 * ```ts
 * import { taxiDatasetFileName } from "@datajax/datajax";
 *
 * taxiDatasetFileName(1_000_000); // "taxi-1000000.parquet"
 * taxiDatasetFileName(1000, 7, "arrow"); // "taxi-1000-seed7.arrow"
 * ```
 */
export function taxiDatasetFileName(rows: number, seed = DEFAULT_TAXI_SEED, format: "parquet" | "arrow" = "parquet"): string {
  return `taxi-${rows}${seed === DEFAULT_TAXI_SEED ? "" : `-seed${seed}`}.${format}`;
}

/**
 * Returns the cached taxi data set for (rows, seed, format), generating it first when missing.
 * The file is written atomically, so an interrupted run leaves no file that a later run would
 * mistake for a complete one. Codec and row-group size are not part of the name: delete the
 * file to regenerate it with other settings.
 *
 * @example
 * ```ts
 * import { ensureTaxiDataset, readParquet } from "@datajax/datajax";
 *
 * const { path, created } = await ensureTaxiDataset({ rows: 1_000_000, onProgress: ({ rowsWritten, rows }) => console.log(`${rowsWritten}/${rows}`) });
 * const trips = await readParquet(path); // created: false on later runs
 * ```
 */
export async function ensureTaxiDataset(options: EnsureTaxiDatasetOptions): Promise<TaxiDataset> {
  const { rows } = options;
  const seed = options.seed ?? DEFAULT_TAXI_SEED;
  const format = options.format ?? "parquet";
  const dir = options.dir ?? defaultCacheDir();
  const path = join(dir, taxiDatasetFileName(rows, seed, format));
  const existing = await stat(path).catch(() => undefined);
  if (existing?.isFile()) return { path, rows, bytes: existing.size, created: false };

  await mkdir(dir, { recursive: true });
  const batchRows = options.rowGroupRows ?? 122_880;
  const batches = withProgress(generateTaxi({ rows, seed, batchRows }), rows, options.onProgress);
  if (format === "parquet") await writeParquet(batches, path, { rowGroupSize: batchRows, compression: options.compression ?? "snappy" });
  else await writeArrowIpc(batches, path, { format: "file" });
  return { path, rows, bytes: (await stat(path)).size, created: true };
}

function* withProgress(batches: Iterable<arrow.RecordBatch>, rows: number, onProgress: EnsureTaxiDatasetOptions["onProgress"]): Generator<arrow.RecordBatch> {
  let rowsWritten = 0;
  for (const batch of batches) {
    yield batch;
    rowsWritten += batch.numRows;
    onProgress?.({ rowsWritten, rows });
  }
}
