import * as arrow from "apache-arrow";
import { ColumnNotFoundError, fromArrowSchema, type ColumnStatistics, type DataSource, type ScanCounters, type ScanRequest, type Schema } from "@datajax/core-ir";
import { ParquetFormatError, ParquetNativeUnsupportedError } from "./errors/io-errors.js";
import { fileFingerprint, type FileIdentity } from "./file-fingerprint.js";
import type { ParquetFooter } from "./internal/parquet-footer.js";
import { decodeInWorker } from "./internal/parquet-decode-worker.js";
import { planNativeColumns, type NativeColumnPlan } from "./internal/native-column-plan.js";
import { decodeRowGroupNative, type NativeDecodeFailure } from "./internal/native-row-group-decoder.js";
import { loadNativeParquetAddon, nativeParquetAddonIfAvailable, type NativeParquetAddon } from "./native-parquet-addon.js";
import { partitionUnits } from "./partition-units.js";
import { rowGroupMayMatch } from "./row-group-pruning.js";
import { mergeStatistics, rowGroupStatistics } from "./row-group-statistics.js";
import { selectColumns } from "./select-columns.js";
import { constantColumn, partitionValue, type PartitionValues } from "./hive-partitions.js";

/**
 * One Parquet file of a source, with its validated footer and its hive partition values.
 *
 * @example
 * ```ts
 * import { readParquet, type ParquetFileInfo } from "@datajax/io-parquet";
 * const trips = await readParquet("data/trips"); // e.g. data/trips/zone=7/part-0.parquet, ...
 * const files: readonly ParquetFileInfo[] = trips.files;
 * for (const f of files) console.log(f.path, f.footer.numRows, f.partitions?.get("zone"));
 * ```
 */
export interface ParquetFileInfo extends FileIdentity {
  /** The file's footer, read and validated when the source was opened. */
  readonly footer: ParquetFooter;
  /** The `key=value` folders it sits in (empty for an unpartitioned file). */
  readonly partitions?: PartitionValues;
}

/**
 * A row group: the unit of reading, pruning and partitioning.
 *
 * @example
 * ```ts
 * import { readParquet, type ParquetRowGroupUnit } from "@datajax/io-parquet";
 * const trips = await readParquet("data/trips.parquet");
 * const units: readonly ParquetRowGroupUnit[] = trips.rowGroups;
 * for (const u of units) console.log(u.rowGroup, u.numRows, u.statistics.get("fare")?.max);
 * ```
 */
export interface ParquetRowGroupUnit {
  /** The file the row group is in. */
  readonly file: ParquetFileInfo;
  /** Its index within the file. */
  readonly rowGroup: number;
  /** Rows in the row group. */
  readonly numRows: number;
  /** Decoded min/max/null count per column (partition columns included), used to prune it. */
  readonly statistics: ReadonlyMap<string, ColumnStatistics>;
}

/**
 * What a ParquetSource is built from (readParquet fills it in; build one directly only to wrap
 * files whose footers you already hold).
 *
 * @example
 * ```ts
 * import { ParquetSource, readParquet, type ParquetSourceInit } from "@datajax/io-parquet";
 * const all = await readParquet("data/trips"); // unpartitioned files
 * const init: ParquetSourceInit = { name: "first-file", uri: all.files[0]!.path, files: [all.files[0]!], arrowSchema: all.arrowSchema, batchRows: 65_536 };
 * const firstFile = new ParquetSource(init);
 * ```
 */
export interface ParquetSourceInit {
  /** Name for plans and printing. */
  readonly name: string;
  /** Identity for printing and plan JSON (the path, folder or glob read). */
  readonly uri: string;
  /** The files, in the order their row groups are scanned (the same order in every process). */
  readonly files: readonly ParquetFileInfo[];
  /** The Arrow schema of the columns the source exposes (all, or the reader's `columns`), partition columns included. */
  readonly arrowSchema: arrow.Schema;
  /** The partition columns (from key=value folders), which the files do not hold. */
  readonly partitionFields?: readonly arrow.Field[];
  /** Rows per batch the decoder produces (a row group is cut into batches of at most this). */
  readonly batchRows: number;
  /** Decode the next batch while the current one is computed on (default true). */
  readonly prefetch?: boolean;
  /**
   * Decoder workers working ahead in parallel, one row group each (default 2; 1: one stream per
   * file). The native decoder keeps `decoders` × 2 row groups in flight on libuv's thread pool.
   */
  readonly decoders?: number;
  /** Which Parquet decoder scans use (default "auto"; see ReadParquetOptions.decoder). */
  readonly decoder?: ParquetDecoderChoice;
}

/**
 * Which decoder reads Parquet pages: "native" (the datajax_parquet addon: C++ on libuv's thread
 * pool, flat columns of common types with UNCOMPRESSED or SNAPPY pages), "wasm" (parquet-wasm in
 * worker threads: everything parquet-wasm reads), or "auto" (native where the addon loads and the
 * file's columns are in its scope, wasm elsewhere).
 *
 * @example
 * ```ts
 * import { readParquet, type ParquetDecoderChoice } from "@datajax/io-parquet";
 * const decoder: ParquetDecoderChoice = "wasm";
 * const trips = await readParquet("data/trips.parquet", { decoder });
 * console.log(trips.decoder); // "wasm"
 * ```
 */
export type ParquetDecoderChoice = "auto" | "native" | "wasm";

/**
 * A lazy Parquet table (one file or many with one schema). Creating it read only the footers;
 * `scan` decodes row group by row group — with the native decoder (C++ on libuv's thread pool)
 * where it can, else with parquet-wasm in worker threads (see `decoder`) —, only the requested columns, skipping
 * row groups whose min/max statistics prove the filter false, and splitting row groups over
 * partitions in contiguous blocks.
 *
 * @example
 * ```ts
 * import { readParquet } from "@datajax/io-parquet";
 * const trips = await readParquet("data/trips");
 * console.log(trips.rowCount, trips.rowGroups.length, trips.statistics().get("fare"));
 * for await (const batch of trips.scan({ columns: ["zone", "fare"], filter: null, partition: { index: 0, count: 4 } })) {
 *   console.log(batch.numRows); // this reader's quarter of the row groups
 * }
 * ```
 */
export class ParquetSource implements DataSource {
  /** Always "parquet". */
  readonly kind = "parquet";
  /** Name for plans and printing. */
  readonly name: string;
  readonly uri: string;
  /** The exposed columns as DataJAX types (partition columns included). */
  readonly schema: Schema;
  /** The exposed columns as Arrow fields, as scans return them. */
  readonly arrowSchema: arrow.Schema;
  readonly rowCount: number;
  /** The files read, sorted by path. */
  readonly files: readonly ParquetFileInfo[];
  /** Every row group of every file, in file order then row-group order. */
  readonly rowGroups: readonly ParquetRowGroupUnit[];
  private readonly batchRows: number;
  private readonly prefetch: boolean;
  private readonly decoders: number;
  /**
   * The decoder a full scan uses: "native", "wasm", or "mixed" (auto: some files are read natively,
   * others need parquet-wasm). A scan of fewer columns may use the native decoder where a full one
   * cannot.
   */
  readonly decoder: "native" | "wasm" | "mixed";
  private readonly decoderChoice: ParquetDecoderChoice;
  private readonly addon: NativeParquetAddon | undefined;
  private readonly partitionFields: readonly arrow.Field[];
  private readonly nativePlans = new Map<string, NativeColumnPlan[] | string>();
  private stats: ReadonlyMap<string, ColumnStatistics> | undefined;

  constructor(init: ParquetSourceInit) {
    this.name = init.name;
    this.uri = init.uri;
    this.files = init.files;
    this.arrowSchema = init.arrowSchema;
    this.schema = fromArrowSchema(init.arrowSchema);
    this.batchRows = init.batchRows;
    this.prefetch = init.prefetch ?? true;
    this.decoders = init.prefetch === false ? 1 : Math.max(1, init.decoders ?? 2);
    this.partitionFields = init.partitionFields ?? [];
    this.decoderChoice = init.decoder ?? "auto";
    this.addon = this.decoderChoice === "wasm" ? undefined : this.decoderChoice === "native" ? loadNativeParquetAddon() : nativeParquetAddonIfAvailable();
    const fileFields = init.arrowSchema.fields.filter((f) => !this.partitionFields.some((p) => p.name === f.name));
    const native = init.files.filter((f) => typeof this.nativePlan(f, fileFields) !== "string").length;
    this.decoder = native === init.files.length && native > 0 ? "native" : native === 0 ? "wasm" : "mixed";
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

  /**
   * Streams the requested columns of this reader's row groups (a contiguous block when
   * `request.partition` is given), skipping those the filter's statistics rule out; the filter is
   * a hint, rows are not filtered. Throws ColumnNotFoundError for an unknown column, RangeError for
   * a bad partition, ParquetFormatError when pages cannot be decoded.
   */
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

    const fileColumns = columns.filter((c) => !this.partitionFields.some((f) => f.name === c));
    const fileSchema = new arrow.Schema(fileColumns.map((c) => outSchema.fields.find((f) => f.name === c)!));
    if (counters) {
      for (const u of selected) for (const chunk of u.file.footer.rowGroups[u.rowGroup]!.columns) if (columns.includes(chunk.name)) counters.bytesRead += chunk.compressedBytes;
    }
    if (fileColumns.length === 0) {
      // Nothing to decode: row counts come from the footer.
      for (const u of selected) yield this.withPartitionColumns(emptyBatch(new arrow.Schema([]), u.numRows), u.file, outSchema);
      return;
    }
    // Decode jobs, consumed in order with several in flight: with parquet-wasm a few consecutive
    // row groups of one file (one job per file with a single decoder); natively one row group each.
    type Job = { file: ParquetFileInfo; rowGroups: number[]; native: readonly NativeColumnPlan[] | undefined };
    const jobs: Job[] = [];
    const perJob = this.decoders === 1 ? Infinity : JOB_ROW_GROUPS;
    for (const u of selected) {
      const plan = this.nativePlan(u.file, fileSchema.fields);
      const native = typeof plan === "string" ? undefined : plan;
      const last = jobs[jobs.length - 1];
      if (!native && last && !last.native && last.file === u.file && last.rowGroups.length < perJob) last.rowGroups.push(u.rowGroup);
      else jobs.push({ file: u.file, rowGroups: [u.rowGroup], native });
    }
    // parquet-wasm jobs hold a worker each (at most `decoders`); native row groups are cheap to
    // hold, so a few per decoder keep the thread pool busy (one decoder: one row group ahead).
    // Without prefetch a native row group is decoded only when the consumer asks for it.
    const nativeWindow = this.prefetch && this.decoders > 1 ? this.decoders * NATIVE_ROW_GROUPS_PER_DECODER : 1;
    // Too few row groups to keep every decoder busy: each row group's columns go to several tasks.
    const splitColumns = this.prefetch && jobs.length < nativeWindow ? this.decoders : 1;
    const start = (job: Job) => {
      const gen = job.native ? this.decodeNative(job.file, job.rowGroups[0]!, job.native, fileColumns, fileSchema, splitColumns) : this.decode(job.file, job.rowGroups, fileColumns, fileSchema);
      const first = gen.next();
      first.catch(() => undefined); // observed when its turn comes
      return { job, gen, first };
    };
    const inFlight: ReturnType<typeof start>[] = [];
    let next = 0;
    const fill = () => {
      while (next < jobs.length) {
        const job = jobs[next]!;
        const wasmInFlight = inFlight.filter((f) => !f.job.native).length;
        if (job.native ? inFlight.length >= nativeWindow : wasmInFlight >= this.decoders || inFlight.length >= Math.max(nativeWindow, this.decoders)) break;
        inFlight.push(start(job));
        next++;
      }
    };
    try {
      fill();
      while (inFlight.length > 0) {
        const { job, gen, first } = inFlight.shift()!;
        if (this.prefetch || !job.native) fill();
        for (let r = await first; !r.done; r = await gen.next()) yield this.withPartitionColumns(r.value, job.file, outSchema);
        fill();
      }
    } finally {
      // A consumer that stops early releases the decoders still working ahead.
      for (const { gen } of inFlight) await gen.return(undefined).catch(() => undefined);
    }
  }

  /** The native decoding plan of `fields` for a file, or why it must use parquet-wasm (always, with decoder "wasm" or no addon). */
  private nativePlan(file: ParquetFileInfo, fields: readonly arrow.Field[]): NativeColumnPlan[] | string {
    if (this.decoderChoice === "wasm") return "the wasm decoder was chosen";
    if (!this.addon) return "the native decoder addon is not available";
    const key = `${file.path}\u0000${fields.map((f) => f.name).join("\u0000")}`;
    let plan = this.nativePlans.get(key);
    if (plan === undefined) {
      plan = planNativeColumns(file.footer, fields);
      this.nativePlans.set(key, plan);
    }
    if (typeof plan === "string" && this.decoderChoice === "native") throw new ParquetNativeUnsupportedError(file.path, plan);
    return plan;
  }

  /**
   * One row group decoded natively, yielded in slices of at most batchRows (zero-copy). Input the
   * addon finds outside its scope falls back to parquet-wasm for this row group (decoder "auto") or
   * fails with ParquetNativeUnsupportedError ("native"); corrupt data fails with ParquetFormatError.
   */
  private async *decodeNative(file: ParquetFileInfo, rowGroup: number, plans: readonly NativeColumnPlan[], columns: readonly string[], outSchema: arrow.Schema, parts: number): AsyncGenerator<arrow.RecordBatch> {
    let batch: arrow.RecordBatch;
    try {
      batch = await decodeRowGroupNative(this.addon!, file.path, file.bytes, file.footer, rowGroup, plans, outSchema, parts);
    } catch (error) {
      if (error instanceof ParquetFormatError) throw error;
      const failure = error as NativeDecodeFailure;
      const where = `row group ${rowGroup}${failure.column !== undefined ? `, column ${failure.column}` : ""}`;
      if (failure.unsupported) {
        if (this.decoderChoice === "native") throw new ParquetNativeUnsupportedError(file.path, `${where}: ${failure.message}`);
        yield* this.decode(file, [rowGroup], columns, outSchema);
        return;
      }
      throw new ParquetFormatError(file.path, `decoding row groups [${rowGroup}] failed: ${where}: ${failure.message ?? String(error)}`, { cause: error });
    }
    if (batch.numRows <= this.batchRows) {
      yield batch;
      return;
    }
    for (let at = 0; at < batch.numRows; at += this.batchRows) yield batch.slice(at, Math.min(batch.numRows, at + this.batchRows));
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
      for await (const ipc of decodeInWorker({ path: file.path, rowGroups, columns, batchRows: this.batchRows, prefetch: this.prefetch, readAhead: this.decoders > 1 ? JOB_ROW_GROUPS : 1 })) {
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

/**
 * Row groups per decode job when several decoders work ahead: enough to amortize opening the file.
 * It is also each decoder's read-ahead window in batches, so the decoder whose job is consumed
 * next keeps working (memory: decoders × this many batches).
 */
const JOB_ROW_GROUPS = 4;

/** Native row groups in flight per decoder (each is one task on libuv's thread pool). */
const NATIVE_ROW_GROUPS_PER_DECODER = 2;

/** Keeps the source's field metadata and nullability on decoded batches (the data is unchanged). */
function conform(batch: arrow.RecordBatch, schema: arrow.Schema): arrow.RecordBatch {
  if (batch.schema.fields.every((f, i) => f.nullable === schema.fields[i]!.nullable)) return batch;
  return new arrow.RecordBatch(schema, arrow.makeData({ type: new arrow.Struct(schema.fields), length: batch.numRows, nullCount: 0, children: batch.data.children }));
}

function emptyBatch(schema: arrow.Schema, numRows: number): arrow.RecordBatch {
  return new arrow.RecordBatch(schema, arrow.makeData({ type: new arrow.Struct(schema.fields), length: numRows, nullCount: 0, children: [] }));
}
