import * as arrow from "apache-arrow";
import { parquetWasm } from "./parquet-wasm.js";
import { writeFileAtomically } from "./atomic-write.js";
import { recordBatchesOf, type RecordBatchInput } from "./record-batch-input.js";

/**
 * The codecs writeParquet can compress columns with.
 *
 * @example
 * ```ts
 * import { writeParquet, type ParquetCompression } from "@datajax/io-parquet";
 * import { tableFromArrays } from "apache-arrow";
 * const compression: ParquetCompression = "zstd";
 * await writeParquet(tableFromArrays({ id: Int32Array.from([1, 2]) }), "ids.parquet", { compression });
 * ```
 */
export type ParquetCompression = "uncompressed" | "snappy" | "gzip" | "brotli" | "lz4_raw" | "zstd";

/**
 * Options of writeParquet (and of each part file of writeParquetDataset).
 *
 * @example
 * ```ts
 * import { writeParquet, type WriteParquetOptions } from "@datajax/io-parquet";
 * import { tableFromArrays } from "apache-arrow";
 * const options: WriteParquetOptions = { rowGroupSize: 65_536, compression: "zstd" };
 * await writeParquet(tableFromArrays({ id: Int32Array.from([1, 2]) }), "ids.parquet", options);
 * ```
 */
export interface WriteParquetOptions {
  /** Maximum rows per row group (the unit of parallel and pruned reads). Default 122,880. */
  readonly rowGroupSize?: number;
  /** Codec for every column. Default "snappy". */
  readonly compression?: ParquetCompression;
}

/**
 * Rows per row group when WriteParquetOptions.rowGroupSize is not given (122,880).
 *
 * @example
 * ```ts
 * import { DEFAULT_ROW_GROUP_SIZE, writeParquet } from "@datajax/io-parquet";
 * import { tableFromArrays } from "apache-arrow";
 * const table = tableFromArrays({ id: Int32Array.from({ length: 1_000_000 }, (_, i) => i) });
 * await writeParquet(table, "ids.parquet", { rowGroupSize: DEFAULT_ROW_GROUP_SIZE / 2 }); // smaller groups: finer pruning
 * ```
 */
export const DEFAULT_ROW_GROUP_SIZE = 122_880;

/**
 * Writes Arrow data to a Parquet file atomically (temporary file in the same folder, fsync,
 * rename): the target holds the old content or the complete new file, never a partial one.
 * Batches stream through the encoder, so an iterable input is never held whole in memory.
 * Row-group min/max statistics are written for every column. Throws RangeError for a bad
 * rowGroupSize or compression, AtomicWriteError when the write fails (also when an iterable input
 * yields no batch: pass an empty arrow.Table to write an empty file).
 *
 * @example
 * ```ts
 * import { tableFromArrays } from "apache-arrow";
 * import { writeParquet } from "@datajax/io-parquet";
 * const trips = tableFromArrays({ zone: Int32Array.from([7, 7, 12]), fare: Float64Array.from([12.5, 7.25, 30]) });
 * await writeParquet(trips, "data/trips.parquet", { compression: "zstd" });
 * ```
 */
export async function writeParquet(input: RecordBatchInput, path: string, options: WriteParquetOptions = {}): Promise<void> {
  const rowGroupSize = options.rowGroupSize ?? DEFAULT_ROW_GROUP_SIZE;
  if (!Number.isSafeInteger(rowGroupSize) || rowGroupSize <= 0) throw new RangeError(`writeParquet: rowGroupSize must be a positive integer, got ${rowGroupSize}`);
  const compression = options.compression ?? "snappy";
  const pw = parquetWasm();
  const codecs: Record<ParquetCompression, number> = {
    uncompressed: pw.Compression.UNCOMPRESSED,
    snappy: pw.Compression.SNAPPY,
    gzip: pw.Compression.GZIP,
    brotli: pw.Compression.BROTLI,
    lz4_raw: pw.Compression.LZ4_RAW,
    zstd: pw.Compression.ZSTD,
  };
  const codec = codecs[compression];
  if (codec === undefined) throw new RangeError(`writeParquet: unknown compression "${compression}"; use one of ${Object.keys(codecs).join(", ")}`);

  await writeFileAtomically(path, async (file) => {
    const properties = new pw.WriterPropertiesBuilder()
      .setCompression(codec)
      .setMaxRowGroupSize(rowGroupSize)
      .setStatisticsEnabled(pw.EnabledStatistics.Chunk)
      .setCreatedBy("@datajax/io-parquet (parquet-wasm 0.7.1)")
      .build();
    const batches = recordBatchesOf(input);
    let schema: arrow.Schema | undefined;
    // parquet-wasm ends the file normally when its input stream errors, so an upstream failure is
    // kept here and rethrown after the encoder finishes: the temporary file is then discarded.
    let upstreamError: { readonly error: unknown } | undefined;
    // parquet-wasm pulls wasm RecordBatches; each Arrow JS batch crosses over as one IPC message.
    const wasmBatches = new ReadableStream({
      async pull(controller) {
        let next: IteratorResult<arrow.RecordBatch>;
        try {
          next = await batches.next();
        } catch (error) {
          upstreamError = { error };
          controller.close();
          return;
        }
        if (next.done) {
          if (!schema && input instanceof arrow.Table) {
            // An empty table still has a schema: send one zero-row batch so the file carries it.
            schema = input.schema;
            enqueueBatch(controller, new arrow.RecordBatch(schema, arrow.makeData({ type: new arrow.Struct(schema.fields), length: 0, nullCount: 0, children: schema.fields.map((f) => arrow.makeData({ type: f.type, length: 0 })) })));
          }
          controller.close();
          return;
        }
        schema ??= next.value.schema;
        enqueueBatch(controller, next.value);
      },
    });
    const enqueueBatch = (controller: ReadableStreamDefaultController, batch: arrow.RecordBatch): void => {
      const wasmTable = pw.Table.fromIPCStream(arrow.tableToIPC(new arrow.Table([batch]), "stream"));
      for (const rb of wasmTable.recordBatches()) controller.enqueue(rb);
      wasmTable.free();
    };
    const bytes = await pw.transformParquetStream(wasmBatches, properties);
    for await (const chunk of bytes as unknown as AsyncIterable<Uint8Array>) await file.write(chunk);
    if (upstreamError) throw upstreamError.error;
    if (!schema) throw new Error("no record batches to write (an iterable input must yield at least one batch; pass an empty arrow.Table to write an empty file)");
  });
}
