import { open, stat } from "node:fs/promises";
import { basename } from "node:path";
import { openAsBlob } from "node:fs";
import * as arrow from "apache-arrow";
import { ColumnNotFoundError, fromArrowSchema, fromArrowType } from "@datajax/core-ir";
import { ParquetFormatError, SchemaMismatchError } from "./errors/io-errors.js";
import { readParquetFooter } from "./internal/parquet-footer.js";
import { parquetWasm } from "./parquet-wasm.js";
import { ParquetSource, type ParquetFileInfo } from "./parquet-source.js";
import { resolveInputFiles } from "./resolve-input-files.js";

export interface ReadParquetOptions {
  /** Columns the source exposes, in this order; default all. Other columns are never decoded. */
  readonly columns?: readonly string[];
  /** Name for plans and printing; default the file or folder name without extension. */
  readonly name?: string;
  /** Rows per decoded batch (row groups larger than this are cut). Default 122,880. */
  readonly batchRows?: number;
}

/**
 * Opens a Parquet file, a folder of `.parquet` files, or a glob as a lazy DataSource. Only the
 * footers are read here (asynchronously, hence the Promise): the schema, row counts and
 * row-group statistics. Data is decoded when the source is scanned. Every file must share one
 * schema. Defects fail here with ParquetFormatError naming the file.
 */
export async function readParquet(pathOrDirOrGlob: string, options: ReadParquetOptions = {}): Promise<ParquetSource> {
  const batchRows = options.batchRows ?? 122_880;
  if (!Number.isSafeInteger(batchRows) || batchRows <= 0) throw new RangeError(`readParquet: batchRows must be a positive integer, got ${batchRows}`);
  const paths = await resolveInputFiles(pathOrDirOrGlob, ".parquet");
  const files: ParquetFileInfo[] = [];
  let fileSchema: arrow.Schema | undefined;
  for (const path of paths) {
    const s = await stat(path);
    const handle = await open(path, "r");
    try {
      const footer = await readParquetFooter(path, handle, s.size);
      files.push({ path, bytes: s.size, mtimeMs: s.mtimeMs, footer });
    } finally {
      await handle.close();
    }
    const schema = await arrowSchemaOf(path);
    if (!fileSchema) fileSchema = schema;
    else if (!sameArrowSchema(fileSchema, schema)) throw new SchemaMismatchError(paths[0]!, String(fileSchema), path, String(schema));
  }
  const full = fileSchema!;
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
  return new ParquetSource({ name, uri: pathOrDirOrGlob, files, arrowSchema, batchRows });
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
