import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import { basename, resolve } from "node:path";
import * as arrow from "apache-arrow";
import { ColumnNotFoundError, DataJaxError, fromArrowSchema, type DataSource, type ScanCounters, type ScanRequest, type Schema } from "@datajax/core-ir";
import { CsvRecords, type CsvRecord } from "./csv-records.js";
import { NoInputFilesError } from "./errors/io-errors.js";
import { fileFingerprint, type FileIdentity } from "./file-fingerprint.js";

/**
 * A CSV file that cannot be read as the table it claims to be, naming the file and the line.
 * Code `DJX_CSV_FORMAT`; thrown by readCsv (unclosed quote, schema width) and by scans (a field
 * that does not parse as its column's type, a record of the wrong width).
 *
 * @example
 * ```ts
 * import { readCsv, CsvFormatError } from "@datajax/io-parquet";
 * const trips = await readCsv("data/trips.csv");
 * try {
 *   for await (const batch of trips.scan({ columns: null, filter: null })) console.log(batch.numRows);
 * } catch (err) {
 *   if (err instanceof CsvFormatError) console.error(err.message); // "...: line 1204, column fare: "n/a" is not a Float64..."
 *   else throw err;
 * }
 * ```
 */
export class CsvFormatError extends DataJaxError {
  /** The file that could not be read. */
  readonly path: string;
  constructor(path: string, problem: string) {
    super("DJX_CSV_FORMAT", `${path}: ${problem}. Fix the file, or pass a schema (readCsv(path, { schema })) that fits it.`);
    this.path = path;
  }
}

/**
 * Options of readCsv.
 *
 * @example
 * ```ts
 * import { readCsv, type ReadCsvOptions } from "@datajax/io-parquet";
 * const options: ReadCsvOptions = { delimiter: ";", nullValue: "NA", inferRows: 5_000 };
 * const trips = await readCsv("data/trips.csv", options);
 * ```
 */
export interface ReadCsvOptions {
  /** The field separator (default ","). */
  readonly delimiter?: string;
  /** The first record names the columns (default true); otherwise columns are c0, c1, … */
  readonly header?: boolean;
  /** Column types; default: inferred from the first `inferRows` records (int32, float64, bool, else utf8). */
  readonly schema?: arrow.Schema;
  /** Records sampled to infer column types when no schema is given (default 1000). */
  readonly inferRows?: number;
  /** An unquoted field equal to this is null (default: the empty field). */
  readonly nullValue?: string;
  /** Rows per record batch a scan yields (default 65,536). */
  readonly batchRows?: number;
  /** Name for plans and printing; default the file name without `.csv`. */
  readonly name?: string;
}

type Parsed = { value: string; quoted: boolean };

function parseValue(type: arrow.DataType, f: Parsed, nullValue: string): { ok: true; v: unknown } | { ok: false } {
  if (!f.quoted && f.value === nullValue) return { ok: true, v: null };
  const s = f.value;
  if (arrow.DataType.isUtf8(type)) return { ok: true, v: s };
  if (arrow.DataType.isBool(type)) return /^(true|false)$/i.test(s) ? { ok: true, v: s.toLowerCase() === "true" } : { ok: false };
  if (arrow.DataType.isInt(type)) {
    if (!/^[+-]?\d+$/.test(s.trim())) return { ok: false };
    const n = Number(s);
    return (type as arrow.Int).bitWidth === 64 ? { ok: true, v: BigInt(s.trim()) } : Math.abs(n) < 2 ** 31 ? { ok: true, v: n } : { ok: false };
  }
  if (arrow.DataType.isFloat(type)) {
    const n = Number(s);
    return s.trim() !== "" && !Number.isNaN(n) ? { ok: true, v: n } : /^nan$/i.test(s.trim()) ? { ok: true, v: NaN } : { ok: false };
  }
  return { ok: false };
}

/** The narrowest of int32, float64, bool, utf8 that reads every sample value. */
function inferType(samples: readonly Parsed[], nullValue: string): arrow.DataType {
  for (const t of [new arrow.Int32(), new arrow.Float64(), new arrow.Bool()]) if (samples.every((f) => parseValue(t, f, nullValue).ok)) return t;
  return new arrow.Utf8();
}

async function* records(path: string, delimiter: string): AsyncGenerator<CsvRecord> {
  const parser = new CsvRecords(delimiter);
  for await (const chunk of createReadStream(path, { encoding: "utf8", highWaterMark: 1 << 20 })) yield* parser.push(chunk as string);
  yield* parser.finish();
}

/**
 * A CSV file as a lazy DataSource: opening it reads the header and the sample rows that type its
 * columns; a scan streams the file into record batches. A field that does not parse as its
 * column's type fails with the file, the line and the column. A file is one unit: partition 0
 * of n reads it all, the others nothing.
 *
 * @example
 * ```ts
 * import { CsvSource } from "@datajax/io-parquet";
 * const trips = await CsvSource.open("data/trips.csv", { nullValue: "NA" });
 * console.log(trips.arrowSchema.fields.map((f) => String(f.type))); // e.g. ["Int32", "Float64", "Utf8"]
 * for await (const batch of trips.scan({ columns: ["fare"], filter: null })) console.log(batch.numRows);
 * ```
 */
export class CsvSource implements DataSource {
  /** Always "csv". */
  readonly kind = "csv";
  /** The columns as DataJAX types. */
  readonly schema: Schema;
  private constructor(
    /** Name for plans and printing. */
    readonly name: string,
    /** The file's absolute path. */
    readonly uri: string,
    private readonly file: FileIdentity,
    /** The columns as Arrow fields (given, or inferred from the sampled records). */
    readonly arrowSchema: arrow.Schema,
    private readonly options: Required<Pick<ReadCsvOptions, "delimiter" | "header" | "nullValue" | "batchRows">>,
  ) {
    this.schema = fromArrowSchema(arrowSchema);
  }

  /**
   * Opens `path`: reads the header and up to `inferRows` records to type the columns. Throws
   * NoInputFilesError for a missing file, CsvFormatError for an unclosed quote or a schema whose
   * width differs from the header's.
   */
  static async open(path: string, options: ReadCsvOptions = {}): Promise<CsvSource> {
    const absolute = resolve(path);
    const s = await stat(absolute).catch(() => undefined);
    if (!s?.isFile()) throw new NoInputFilesError(path, "no such file");
    const o = { delimiter: options.delimiter ?? ",", header: options.header ?? true, nullValue: options.nullValue ?? "", batchRows: options.batchRows ?? 65_536 };
    let names: string[] | null = null;
    const samples: Parsed[][] = [];
    const limit = options.inferRows ?? 1000;
    try {
      for await (const { fields } of records(absolute, o.delimiter)) {
        if (o.header && names === null) { names = fields.map((f) => f.value); continue; }
        samples.push(fields);
        if (samples.length >= limit) break;
      }
    } catch (e) {
      throw new CsvFormatError(absolute, (e as Error).message);
    }
    const width = names?.length ?? samples[0]?.length ?? 0;
    names ??= Array.from({ length: width }, (_, i) => `c${i}`);
    let schema = options.schema;
    if (!schema) {
      schema = new arrow.Schema(names.map((n, c) => {
        const column = samples.map((r) => r[c] ?? { value: o.nullValue, quoted: false });
        return new arrow.Field(n, inferType(column.filter((f) => f.quoted || f.value !== o.nullValue), o.nullValue), true);
      }));
    } else if (schema.fields.length !== width) {
      throw new CsvFormatError(absolute, `the header names ${width} column(s) (${names.join(", ")}), the schema ${schema.fields.length}`);
    }
    return new CsvSource(options.name ?? basename(path).replace(/\.csv$/i, ""), absolute, { path: absolute, bytes: s.size, mtimeMs: s.mtimeMs }, schema, o);
  }

  fingerprint(): string {
    return fileFingerprint("csv", [this.file]);
  }

  /**
   * Streams the requested columns in batches of `batchRows` (the filter is ignored). Throws
   * ColumnNotFoundError for an unknown column, CsvFormatError for a field or record that does not fit.
   */
  async *scan(request: ScanRequest, counters?: ScanCounters): AsyncGenerator<arrow.RecordBatch> {
    const columns = request.columns ?? this.arrowSchema.fields.map((f) => f.name);
    const picked = columns.map((c) => {
      const i = this.arrowSchema.fields.findIndex((f) => f.name === c);
      if (i < 0) throw new ColumnNotFoundError(`scan of ${this.uri}`, c, this.schema);
      return i;
    });
    const fields = picked.map((i) => this.arrowSchema.fields[i]!);
    const outSchema = new arrow.Schema(fields);
    const width = this.arrowSchema.fields.length;
    let buffers: unknown[][] = fields.map(() => []);
    const flush = (): arrow.RecordBatch => {
      const children = fields.map((f, j) => arrow.vectorFromArray(buffers[j]!, f.type).data[0]!);
      const batch = new arrow.RecordBatch(outSchema, arrow.makeData({ type: new arrow.Struct(fields), length: buffers[0]?.length ?? 0, nullCount: 0, children }));
      buffers = fields.map(() => []);
      return batch;
    };
    // One partition of one: a CSV file is a single unit (partition 0 of n reads it, the others nothing).
    if (request.partition && request.partition.index !== 0) return;
    if (counters) { counters.unitsTotal += 1; counters.bytesRead += this.file.bytes; }
    let first = true;
    let rows = 0;
    try {
      for await (const { fields: record, line } of records(this.file.path, this.options.delimiter)) {
        if (first && this.options.header) { first = false; continue; }
        first = false;
        if (record.length !== width) throw new CsvFormatError(this.file.path, `line ${line}: ${record.length} field(s) where the header has ${width}`);
        picked.forEach((i, j) => {
          const r = parseValue(fields[j]!.type, record[i]!, this.options.nullValue);
          if (!r.ok) throw new CsvFormatError(this.file.path, `line ${line}, column ${fields[j]!.name}: "${record[i]!.value}" is not a ${String(fields[j]!.type)}`);
          buffers[j]!.push(r.v);
        });
        if (++rows % this.options.batchRows === 0) yield flush();
      }
    } catch (e) {
      if (e instanceof DataJaxError) throw e;
      throw new CsvFormatError(this.file.path, (e as Error).message);
    }
    if (rows % this.options.batchRows !== 0 || rows === 0) yield flush();
  }
}

/**
 * Opens a CSV file as a lazy DataSource (see CsvSource.open): the header names the columns, the
 * first records type them unless `schema` is given.
 *
 * @example
 * ```ts
 * import { readCsv } from "@datajax/io-parquet";
 * const trips = await readCsv("data/trips.csv", { delimiter: ",", batchRows: 10_000 });
 * console.log(trips.name, trips.schema.fields.length); // "trips", ...
 * ```
 */
export const readCsv = (path: string, options: ReadCsvOptions = {}): Promise<CsvSource> => CsvSource.open(path, options);
