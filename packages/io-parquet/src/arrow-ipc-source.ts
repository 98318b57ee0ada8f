import { createReadStream } from "node:fs";
import { open } from "node:fs/promises";
import * as arrow from "apache-arrow";
import { ColumnNotFoundError, fromArrowSchema, type DataSource, type ScanCounters, type ScanRequest, type Schema } from "@datajax/core-ir";
import { ArrowIpcFormatError } from "./errors/io-errors.js";
import { fileFingerprint, type FileIdentity } from "./file-fingerprint.js";
import { partitionUnits } from "./partition-units.js";
import { selectColumns } from "./select-columns.js";

/**
 * What an ArrowIpcSource is built from (readArrowIpc fills it in after checking the file).
 *
 * @example
 * ```ts
 * import { stat } from "node:fs/promises";
 * import { ArrowIpcSource, readArrowIpc, type ArrowIpcSourceInit } from "@datajax/io-parquet";
 * const checked = await readArrowIpc("/data/zones.arrow");
 * const s = await stat("/data/zones.arrow");
 * const init: ArrowIpcSourceInit = { name: "zones", file: { path: "/data/zones.arrow", bytes: s.size, mtimeMs: s.mtimeMs }, format: checked.format, arrowSchema: checked.arrowSchema };
 * const zones = new ArrowIpcSource(init);
 * ```
 */
export interface ArrowIpcSourceInit {
  /** Name for plans and printing. */
  readonly name: string;
  /** The file (absolute path, size, mtime: its fingerprint). */
  readonly file: FileIdentity;
  /** "file" (with footer: random access) or "stream" (sequential). */
  readonly format: "file" | "stream";
  /** The file's schema. */
  readonly arrowSchema: arrow.Schema;
  /** Record batches in the file (known for the file format only). */
  readonly numBatches?: number;
}

/**
 * An Arrow IPC file or stream as a lazy DataSource. The unit of partitioning is the record
 * batch: the file format splits batches in contiguous blocks and reads only its own (random
 * access through the footer); the stream format cannot seek, so reader `index` of `count` takes
 * batches index, index + count, ... while reading past the others.
 *
 * @example
 * ```ts
 * import { readArrowIpc } from "@datajax/io-parquet";
 * const zones = await readArrowIpc("data/zones.arrow");
 * for await (const batch of zones.scan({ columns: ["zone"], filter: null, partition: { index: 1, count: 2 } })) {
 *   console.log(batch.numRows); // the second half of the record batches
 * }
 * ```
 */
export class ArrowIpcSource implements DataSource {
  /** Always "arrow-ipc". */
  readonly kind = "arrow-ipc";
  /** Name for plans and printing. */
  readonly name: string;
  readonly uri: string;
  /** The file's columns as DataJAX types. */
  readonly schema: Schema;
  /** The file's columns as Arrow fields. */
  readonly arrowSchema: arrow.Schema;
  /** "file" (random access) or "stream" (sequential). */
  readonly format: "file" | "stream";
  private readonly file: FileIdentity;
  private readonly numBatches: number | undefined;

  constructor(init: ArrowIpcSourceInit) {
    this.name = init.name;
    this.uri = init.file.path;
    this.file = init.file;
    this.format = init.format;
    this.arrowSchema = init.arrowSchema;
    this.schema = fromArrowSchema(init.arrowSchema);
    this.numBatches = init.numBatches;
  }

  fingerprint(): string {
    return fileFingerprint("arrow-ipc", [this.file]);
  }

  /**
   * Streams the requested columns of this reader's record batches (the filter is ignored). Throws
   * ColumnNotFoundError for an unknown column, RangeError for a bad partition, ArrowIpcFormatError
   * when a batch cannot be read.
   */
  async *scan(request: ScanRequest, counters?: ScanCounters): AsyncGenerator<arrow.RecordBatch> {
    const columns = request.columns ?? this.arrowSchema.fields.map((f) => f.name);
    for (const c of columns) {
      if (!this.arrowSchema.fields.some((f) => f.name === c)) throw new ColumnNotFoundError(`scan of ${this.uri}`, c, this.schema);
    }
    const count = (batch: arrow.RecordBatch): arrow.RecordBatch => {
      if (counters) counters.bytesRead += batch.data.children.reduce((n, d) => n + dataBytes(d), 0);
      return selectColumns(batch, columns);
    };
    try {
      if (this.format === "file") {
        const handle = await open(this.file.path, "r");
        try {
          const reader = await arrow.RecordBatchReader.from(handle);
          await reader.open();
          const mine = partitionUnits(Array.from({ length: this.numBatches ?? reader.numRecordBatches }, (_, i) => i), request.partition);
          if (counters) counters.unitsTotal += mine.length;
          for (const i of mine) {
            const batch = await reader.readRecordBatch(i);
            if (!batch) throw new Error(`record batch ${i} is missing`);
            yield count(batch);
          }
        } finally {
          await handle.close();
        }
        return;
      }
      const { index, count: parts } = request.partition ?? { index: 0, count: 1 };
      partitionUnits([], request.partition); // validates the partition
      const reader = await arrow.RecordBatchReader.from(createReadStream(this.file.path));
      let i = 0;
      for await (const batch of reader) {
        if (i++ % parts !== index) continue;
        if (counters) counters.unitsTotal += 1;
        yield count(batch);
      }
    } catch (error) {
      if (error instanceof ColumnNotFoundError || error instanceof RangeError) throw error;
      throw new ArrowIpcFormatError(this.file.path, `reading record batches failed: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
    }
  }
}

function dataBytes(d: arrow.Data): number {
  let n = (d.values?.byteLength ?? 0) + (d.nullBitmap?.byteLength ?? 0) + (d.valueOffsets?.byteLength ?? 0);
  for (const c of d.children) n += dataBytes(c);
  return n;
}
