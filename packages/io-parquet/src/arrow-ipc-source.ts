import { createReadStream } from "node:fs";
import { open } from "node:fs/promises";
import * as arrow from "apache-arrow";
import { ColumnNotFoundError, fromArrowSchema, type DataSource, type ScanCounters, type ScanRequest, type Schema } from "@datajax/core-ir";
import { ArrowIpcFormatError } from "./errors/io-errors.js";
import { fileFingerprint, type FileIdentity } from "./file-fingerprint.js";
import { partitionUnits } from "./partition-units.js";
import { selectColumns } from "./select-columns.js";

export interface ArrowIpcSourceInit {
  readonly name: string;
  readonly file: FileIdentity;
  readonly format: "file" | "stream";
  readonly arrowSchema: arrow.Schema;
  /** Record batches in the file (known for the file format only). */
  readonly numBatches?: number;
}

/**
 * An Arrow IPC file or stream as a lazy DataSource. The unit of partitioning is the record
 * batch: the file format splits batches in contiguous blocks and reads only its own (random
 * access through the footer); the stream format cannot seek, so reader `index` of `count` takes
 * batches index, index + count, ... while reading past the others.
 */
export class ArrowIpcSource implements DataSource {
  readonly kind = "arrow-ipc";
  readonly name: string;
  readonly uri: string;
  readonly schema: Schema;
  readonly arrowSchema: arrow.Schema;
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
