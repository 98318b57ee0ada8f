import * as arrow from "apache-arrow";
import { ColumnNotFoundError, fromArrowSchema, type ColumnStatistics, type DataSource, type ScanCounters, type ScanRequest, type Schema } from "@datajax/core-ir";
import { ParquetFormatError } from "./errors/io-errors.js";
import { fileFingerprint, type FileIdentity } from "./file-fingerprint.js";
import type { ParquetFooter } from "./internal/parquet-footer.js";
import { decodeInWorker } from "./internal/parquet-decode-worker.js";
import { partitionUnits } from "./partition-units.js";
import { rowGroupMayMatch } from "./row-group-pruning.js";
import { mergeStatistics, rowGroupStatistics } from "./row-group-statistics.js";
import { selectColumns } from "./select-columns.js";
import { constantColumn, partitionValue, type PartitionValues } from "./hive-partitions.js";

/** One Parquet file of a source, with its validated footer and its hive partition values. */
export interface ParquetFileInfo extends FileIdentity {
  readonly footer: ParquetFooter;
  /** The `key=value` folders it sits in (empty for an unpartitioned file). */
  readonly partitions?: PartitionValues;
}

/** A row group: the unit of reading, pruning and partitioning. */
export interface ParquetRowGroupUnit {
  readonly file: ParquetFileInfo;
  readonly rowGroup: number;
  readonly numRows: number;
  readonly statistics: ReadonlyMap<string, ColumnStatistics>;
}

export interface ParquetSourceInit {
  readonly name: string;
  readonly uri: string;
  readonly files: readonly ParquetFileInfo[];
  /** The Arrow schema of the columns the source exposes (all, or the reader's `columns`), partition columns included. */
  readonly arrowSchema: arrow.Schema;
  /** The partition columns (from key=value folders), which the files do not hold. */
  readonly partitionFields?: readonly arrow.Field[];
  /** Rows per batch the decoder produces (a row group is cut into batches of at most this). */
  readonly batchRows: number;
  /** Decode the next batch while the current one is computed on (default true). */
  readonly prefetch?: boolean;
}

/**
 * A lazy Parquet table (one file or many with one schema). Creating it read only the footers;
 * `scan` decodes row group by row group with parquet-wasm (in a worker thread), only the requested columns, skipping
 * row groups whose min/max statistics prove the filter false, and splitting row groups over
 * partitions in contiguous blocks.
 */
export class ParquetSource implements DataSource {
  readonly kind = "parquet";
  readonly name: string;
  readonly uri: string;
  readonly schema: Schema;
  readonly arrowSchema: arrow.Schema;
  readonly rowCount: number;
  readonly files: readonly ParquetFileInfo[];
  /** Every row group of every file, in file order then row-group order. */
  readonly rowGroups: readonly ParquetRowGroupUnit[];
  private readonly batchRows: number;
  private readonly prefetch: boolean;
  private readonly partitionFields: readonly arrow.Field[];
  private stats: ReadonlyMap<string, ColumnStatistics> | undefined;

  constructor(init: ParquetSourceInit) {
    this.name = init.name;
    this.uri = init.uri;
    this.files = init.files;
    this.arrowSchema = init.arrowSchema;
    this.schema = fromArrowSchema(init.arrowSchema);
    this.batchRows = init.batchRows;
    this.prefetch = init.prefetch ?? true;
    this.partitionFields = init.partitionFields ?? [];
    this.rowCount = init.files.reduce((n, f) => n + f.footer.numRows, 0);
    // A partition column is constant per file: its min and max are its value, so filters on it prune whole files.
    this.rowGroups = init.files.flatMap((file) =>
      file.footer.rowGroups.map((rg, rowGroup) => {
        const statistics = rowGroupStatistics(rg, init.arrowSchema);
        for (const f of this.partitionFields) {
          const v = partitionValue(f, file.partitions?.get(f.name) ?? null);
          statistics.set(f.name, v === null ? { nullCount: rg.numRows } : { min: v, max: v, nullCount: 0 });
        }
        return { file, rowGroup, numRows: rg.numRows, statistics };
      }),
    );
  }

  /** Min/max/null count per column over all row groups (a column is absent when a row group lacks them). */
  statistics(): ReadonlyMap<string, ColumnStatistics> {
    if (!this.stats) {
      const out = new Map<string, ColumnStatistics>();
      for (const f of this.arrowSchema.fields) {
        const merged = mergeStatistics(this.rowGroups.map((u) => u.statistics.get(f.name)));
        if (merged) out.set(f.name, merged);
      }
      this.stats = out;
    }
    return this.stats;
  }

  fingerprint(): string {
    return fileFingerprint("parquet", this.files);
  }

  async *scan(request: ScanRequest, counters?: ScanCounters): AsyncGenerator<arrow.RecordBatch> {
    const columns = request.columns ?? this.arrowSchema.fields.map((f) => f.name);
    for (const c of columns) {
      if (!this.arrowSchema.fields.some((f) => f.name === c)) throw new ColumnNotFoundError(`scan of ${this.uri}`, c, this.schema);
    }
    const mine = partitionUnits(this.rowGroups, request.partition);
    if (counters) counters.unitsTotal += mine.length;
    const selected = mine.filter((u) => request.filter === null || rowGroupMayMatch(request.filter, u.statistics, u.numRows, this.schema));
    if (counters) counters.unitsSkipped += mine.length - selected.length;
    const outSchema = new arrow.Schema(columns.map((c) => this.arrowSchema.fields.find((f) => f.name === c)!));

    // Consecutive row groups of one file are decoded by one stream.
    for (let i = 0; i < selected.length; ) {
      const file = selected[i]!.file;
      const rowGroups: number[] = [];
      for (; i < selected.length && selected[i]!.file === file; i++) rowGroups.push(selected[i]!.rowGroup);
      if (counters) {
        for (const rg of rowGroups) {
          for (const chunk of file.footer.rowGroups[rg]!.columns) if (columns.includes(chunk.name)) counters.bytesRead += chunk.compressedBytes;
        }
      }
      const fileColumns = columns.filter((c) => !this.partitionFields.some((f) => f.name === c));
      const batches = fileColumns.length === 0
        ? // Nothing to decode: row counts come from the footer.
          rowGroups.map((rg) => emptyBatch(new arrow.Schema([]), file.footer.rowGroups[rg]!.numRows))
        : this.decode(file, rowGroups, fileColumns, new arrow.Schema(fileColumns.map((c) => outSchema.fields.find((f) => f.name === c)!)));
      for await (const b of batches) yield this.withPartitionColumns(b, file, outSchema);
    }
  }

  /** The batch with the file's partition columns added, in the order of `schema`. */
  private withPartitionColumns(batch: arrow.RecordBatch, file: ParquetFileInfo, schema: arrow.Schema): arrow.RecordBatch {
    if (this.partitionFields.length === 0 && batch.schema.fields.length === schema.fields.length) return batch;
    const children = schema.fields.map((f) => {
      const at = batch.schema.fields.findIndex((x) => x.name === f.name);
      return at >= 0 ? batch.data.children[at]! : constantColumn(f, file.partitions?.get(f.name) ?? null, batch.numRows);
    });
    return new arrow.RecordBatch(schema, arrow.makeData({ type: new arrow.Struct(schema.fields), length: batch.numRows, nullCount: 0, children }));
  }

  private async *decode(file: ParquetFileInfo, rowGroups: number[], columns: readonly string[], outSchema: arrow.Schema): AsyncGenerator<arrow.RecordBatch> {
    try {
      for await (const ipc of decodeInWorker({ path: file.path, rowGroups, columns, batchRows: this.batchRows, prefetch: this.prefetch })) {
        for (const batch of arrow.tableFromIPC(ipc).batches) yield conform(selectColumns(batch, columns), outSchema);
      }
    } catch (error) {
      if (error instanceof ColumnNotFoundError) throw error;
      const reason = error instanceof Error ? error.message : String(error);
      const hint = /unreachable|exited with code/.test(reason) ? " (the decoder aborted: the data pages are corrupt)" : "";
      throw new ParquetFormatError(file.path, `decoding row groups [${rowGroups.join(", ")}] failed: ${reason}${hint}`, { cause: error });
    }
  }
}

/** Keeps the source's field metadata and nullability on decoded batches (the data is unchanged). */
function conform(batch: arrow.RecordBatch, schema: arrow.Schema): arrow.RecordBatch {
  if (batch.schema.fields.every((f, i) => f.nullable === schema.fields[i]!.nullable)) return batch;
  return new arrow.RecordBatch(schema, arrow.makeData({ type: new arrow.Struct(schema.fields), length: batch.numRows, nullCount: 0, children: batch.data.children }));
}

function emptyBatch(schema: arrow.Schema, numRows: number): arrow.RecordBatch {
  return new arrow.RecordBatch(schema, arrow.makeData({ type: new arrow.Struct(schema.fields), length: numRows, nullCount: 0, children: [] }));
}
