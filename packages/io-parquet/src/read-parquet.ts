import { open, stat } from "node:fs/promises";
import { basename, resolve, sep } from "node:path";
import { openAsBlob } from "node:fs";
import * as arrow from "apache-arrow";
import { ColumnNotFoundError, fromArrowSchema, fromArrowType } from "@datajax/core-ir";
import { ParquetFormatError, SchemaMismatchError } from "./errors/io-errors.js";
import { embeddedArrowSchema } from "./internal/embedded-arrow-schema.js";
import { readParquetFooter } from "./internal/parquet-footer.js";
import { parquetWasm } from "./parquet-wasm.js";
import { ParquetSource, type ParquetDecoderChoice, type ParquetFileInfo } from "./parquet-source.js";
import { resolveInputFiles } from "./resolve-input-files.js";
import { partitionFields, partitionValuesOf } from "./hive-partitions.js";

/**
 * Options of readParquet.
 *
 * @example
 * ```ts
 * import { readParquet, type ReadParquetOptions } from "@datajax/io-parquet";
 * const options: ReadParquetOptions = { columns: ["zone", "fare"], name: "trips", batchRows: 65_536 };
 * const trips = await readParquet("data/trips", options);
 * ```
 */
export interface ReadParquetOptions {
  /** Columns the source exposes, in this order; default all. Other columns are never decoded. */
  readonly columns?: readonly string[];
  /** Name for plans and printing; default the file or folder name without extension. */
  readonly name?: string;
  /** Rows per decoded batch (row groups larger than this are cut). Default 122,880. */
  readonly batchRows?: number;
  /** Decode the next batch in the worker while the current one is computed on (default true; false: one at a time). */
  readonly prefetch?: boolean;
  /** Decoder workers decoding row groups ahead in parallel (default 2; the native decoder keeps twice as many row groups in flight). */
  readonly decoders?: number;
  /**
   * Which decoder reads the pages (default "auto": the native addon where it loads and the file's
   * columns are in its scope, parquet-wasm elsewhere). "native" fails here with
   * ParquetNativeDecoderMissingError when the addon is not built and ParquetNativeUnsupportedError
   * for a file outside its scope; "wasm" always uses parquet-wasm. `source.decoder` says which ran.
   */
  readonly decoder?: ParquetDecoderChoice;
}

/** Where hive partition folders start: the folder read, or a glob's part before its first wildcard; none for one file. */
async function partitionRoot(pattern: string): Promise<string | null> {
  if (/[*?[]/.test(pattern)) {
    const parts = resolve(pattern).split(sep);
    return parts.slice(0, parts.findIndex((p) => /[*?[]/.test(p))).join(sep) || sep;
  }
  return (await stat(resolve(pattern)).catch(() => undefined))?.isDirectory() ? resolve(pattern) : null;
}

/**
 * Opens a Parquet file, a folder of `.parquet` files, or a glob as a lazy DataSource. Folders named
 * `key=value` between the folder (or the glob's fixed part) and the files become columns (hive
 * partitioning: int32 when every value is an integer, else utf8), and filters on them skip files. Only the
 * footers are read here (asynchronously, hence the Promise): the schema, row counts and
 * row-group statistics. Data is decoded when the source is scanned. Every file must share one
 * schema. Defects fail here with ParquetFormatError naming the file; NoInputFilesError when
 * nothing matches, SchemaMismatchError when files disagree, ColumnNotFoundError for an unknown
 * `columns` entry, RangeError for a bad batchRows or decoder; with `decoder: "native"`,
 * ParquetNativeDecoderMissingError or ParquetNativeUnsupportedError.
 *
 * @example
 * ```ts
 * import { readParquet } from "@datajax/io-parquet";
 * const trips = await readParquet("data/trips", { columns: ["zone", "fare"] }); // zone from zone=7/ folders
 * console.log(trips.rowCount, trips.files.length);
 * for await (const batch of trips.scan({ columns: null, filter: null })) console.log(batch.numRows);
 * ```
 */
export async function readParquet(pathOrDirOrGlob: string, options: ReadParquetOptions = {}): Promise<ParquetSource> {
  const batchRows = options.batchRows ?? 122_880;
  if (!Number.isSafeInteger(batchRows) || batchRows <= 0) throw new RangeError(`readParquet: batchRows must be a positive integer, got ${batchRows}`);
  if (options.decoder !== undefined && !["auto", "native", "wasm"].includes(options.decoder)) throw new RangeError(`readParquet: decoder must be "auto", "native" or "wasm", got ${String(options.decoder)}`);
  const paths = await resolveInputFiles(pathOrDirOrGlob, ".parquet");
  const root = await partitionRoot(pathOrDirOrGlob);
  const files: ParquetFileInfo[] = [];
  let fileSchema: arrow.Schema | undefined;
  for (const path of paths) {
    const s = await stat(path);
    const handle = await open(path, "r");
    try {
      const footer = await readParquetFooter(path, handle, s.size);
      files.push({ path, bytes: s.size, mtimeMs: s.mtimeMs, footer, partitions: root ? partitionValuesOf(root, path) : new Map() });
    } finally {
      await handle.close();
    }
    // The schema its writer embedded, else parquet-wasm's reading (see embeddedArrowSchema).
    const schema = embeddedArrowSchema(files.at(-1)!.footer) ?? (await arrowSchemaOf(path));
    if (!fileSchema) fileSchema = schema;
    else if (!sameArrowSchema(fileSchema, schema)) throw new SchemaMismatchError(paths[0]!, String(fileSchema), path, String(schema));
  }
  const partitions = partitionFields(files);
  for (const f of partitions) {
    if (fileSchema!.fields.some((x) => x.name === f.name)) throw new SchemaMismatchError(paths[0]!, String(fileSchema), `the partition folder "${f.name}=…"`, `a column named ${f.name} as well`);
  }
  const full = new arrow.Schema([...fileSchema!.fields, ...partitions], fileSchema!.metadata);
  let arrowSchema = full;
  if (options.columns) {
    const all = fromArrowSchemaLenient(full);
    arrowSchema = new arrow.Schema(
      options.columns.map((c) => {
        const f = full.fields.find((x) => x.name === c);
        if (!f) throw new ColumnNotFoundError(`readParquet(${pathOrDirOrGlob})`, c, all);
        return f;
      }),
      full.metadata,
    );
  }
  const name = options.name ?? (basename(pathOrDirOrGlob).replace(/\.parquet$/, "").replace(/[*?[\]]/g, "") || "parquet");
  return new ParquetSource({ name, uri: pathOrDirOrGlob, files, arrowSchema, batchRows, partitionFields: partitions, prefetch: options.prefetch ?? true, decoders: options.decoders ?? 2, decoder: options.decoder ?? "auto" });
}

async function arrowSchemaOf(path: string): Promise<arrow.Schema> {
  const pw = parquetWasm();
  try {
    const file = await pw.ParquetFile.fromFile(await openAsBlob(path));
    try {
      return arrow.tableFromIPC(file.schema().intoIPCStream()).schema;
    } finally {
      file.free();
    }
  } catch (error) {
    throw new ParquetFormatError(path, `its schema cannot be read: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
}

function sameArrowSchema(a: arrow.Schema, b: arrow.Schema): boolean {
  return a.fields.length === b.fields.length && a.fields.every((f, i) => f.name === b.fields[i]!.name && String(f.type) === String(b.fields[i]!.type));
}

/** For error messages: the file's columns that DataJAX can type (others are left out). */
function fromArrowSchemaLenient(s: arrow.Schema) {
  const typeable = s.fields.filter((f) => {
    try {
      fromArrowType(f.name, f.type);
      return true;
    } catch {
      return false;
    }
  });
  return fromArrowSchema(new arrow.Schema(typeable));
}
