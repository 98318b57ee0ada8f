import { DataJaxError } from "@datajax/core-ir";

/**
 * A file is not valid Parquet (bad magic, truncated, unreadable footer or pages). Code
 * `DJX_PARQUET_CORRUPT`; thrown by readParquet (footer, schema) and by ParquetSource scans (pages).
 *
 * @example
 * ```ts
 * import { readParquet, ParquetFormatError } from "@datajax/io-parquet";
 * try {
 *   await readParquet("data/trips.parquet");
 * } catch (err) {
 *   if (err instanceof ParquetFormatError) console.error(err.code, err.path); // "DJX_PARQUET_CORRUPT" /abs/data/trips.parquet
 *   else throw err;
 * }
 * ```
 */
export class ParquetFormatError extends DataJaxError {
  /** The file that could not be read. */
  readonly path: string;
  constructor(path: string, problem: string, options?: { cause?: unknown }) {
    super("DJX_PARQUET_CORRUPT", `${path}: not a readable Parquet file: ${problem}. Re-create or re-download the file; if it is still being written, wait for the writer to finish.`, options);
    this.path = path;
  }
}

/**
 * A file is not a valid Arrow IPC file or stream. Code `DJX_ARROW_IPC_CORRUPT`; thrown by
 * readArrowIpc (magic, footer, schema) and by ArrowIpcSource scans (record batches).
 *
 * @example
 * ```ts
 * import { readArrowIpc, ArrowIpcFormatError } from "@datajax/io-parquet";
 * const source = await readArrowIpc("snapshots/daily.arrow").catch((err: unknown) => {
 *   if (err instanceof ArrowIpcFormatError && err.code === "DJX_ARROW_IPC_CORRUPT") return undefined; // rebuild it
 *   throw err;
 * });
 * ```
 */
export class ArrowIpcFormatError extends DataJaxError {
  /** The file that could not be read. */
  readonly path: string;
  constructor(path: string, problem: string, options?: { cause?: unknown }) {
    super("DJX_ARROW_IPC_CORRUPT", `${path}: not a readable Arrow IPC file or stream: ${problem}. Re-create the file (writeArrowIpc writes it atomically).`, options);
    this.path = path;
  }
}

/**
 * A path, folder or glob matched no file to read. Code `DJX_NO_INPUT_FILES`; thrown by
 * readParquet, readArrowIpc, readCsv and resolveInputFiles.
 *
 * @example
 * ```ts
 * import { readParquet, NoInputFilesError } from "@datajax/io-parquet";
 * try {
 *   await readParquet("data/2031-*.parquet");
 * } catch (err) {
 *   if (!(err instanceof NoInputFilesError)) throw err;
 *   console.error(`nothing matches ${err.pattern}`); // err.code === "DJX_NO_INPUT_FILES"
 * }
 * ```
 */
export class NoInputFilesError extends DataJaxError {
  /** The path, folder or glob as the caller gave it. */
  readonly pattern: string;
  constructor(pattern: string, detail: string) {
    super("DJX_NO_INPUT_FILES", `${pattern}: ${detail}. Check the path (relative paths resolve from ${process.cwd()}).`);
    this.pattern = pattern;
  }
}

/**
 * Files read as one table disagree on their schema (or a partition folder names a column the
 * files already hold). Code `DJX_SCHEMA_MISMATCH`; thrown by readParquet on a folder or glob.
 *
 * @example
 * ```ts
 * import { readParquet, SchemaMismatchError } from "@datajax/io-parquet";
 * try {
 *   await readParquet("data/trips"); // a folder whose files were written by two schema versions
 * } catch (err) {
 *   if (err instanceof SchemaMismatchError) console.error(err.message); // names both files and schemas
 *   else throw err;
 * }
 * ```
 */
export class SchemaMismatchError extends DataJaxError {
  constructor(first: string, firstSchema: string, other: string, otherSchema: string) {
    super("DJX_SCHEMA_MISMATCH", `${other} has schema ${otherSchema}, but ${first} has ${firstSchema}; files read together must share one schema. Read them separately, or select common columns with the columns option.`);
  }
}

/**
 * A write failed; the target was left as it was (the temporary file was removed). Code
 * `DJX_WRITE_FAILED`; `cause` holds the original failure. Thrown by every writer of this package.
 *
 * @example
 * ```ts
 * import { tableFromArrays } from "apache-arrow";
 * import { writeParquet, AtomicWriteError } from "@datajax/io-parquet";
 * const table = tableFromArrays({ id: Int32Array.from([1, 2, 3]) });
 * await writeParquet(table, "no-such-folder/ids.parquet").catch((err: unknown) => {
 *   if (err instanceof AtomicWriteError) console.error(err.path, err.cause); // ENOENT: the folder is missing
 *   else throw err;
 * });
 * ```
 */
export class AtomicWriteError extends DataJaxError {
  /** The absolute path of the target that was not written. */
  readonly path: string;
  constructor(path: string, options?: { cause?: unknown }) {
    const reason = options?.cause instanceof Error ? options.cause.message : String(options?.cause);
    super("DJX_WRITE_FAILED", `writing ${path} failed: ${reason}. The target was left unchanged and no temporary file remains.`, options);
    this.path = path;
  }
}

/**
 * `decoder: "native"` was asked for but the native Parquet decoder addon is not built or does not
 * load. Code `DJX_PARQUET_NATIVE_MISSING`; the message lists every path tried and how to build
 * it, `cause` holds the last load error. readParquet's default `decoder: "auto"` never throws it:
 * it uses parquet-wasm instead.
 *
 * @example
 * ```ts
 * import { readParquet, ParquetNativeDecoderMissingError } from "@datajax/io-parquet";
 * try {
 *   await readParquet("data/trips.parquet", { decoder: "native" });
 * } catch (err) {
 *   if (err instanceof ParquetNativeDecoderMissingError) console.error(err.code, err.tried); // DJX_PARQUET_NATIVE_MISSING [...paths]
 *   else throw err;
 * }
 * ```
 */
export class ParquetNativeDecoderMissingError extends DataJaxError {
  /** The addon paths tried, in order. */
  readonly tried: readonly string[];
  constructor(tried: readonly string[], lastError?: unknown) {
    super(
      "DJX_PARQUET_NATIVE_MISSING",
      "the native Parquet decoder (datajax_parquet.node) is not built or does not load. Tried:\n" +
        tried.map((p) => `  - ${p}`).join("\n") +
        (lastError instanceof Error ? `\nLast load error: ${lastError.message}` : "") +
        "\nBuild it with `pnpm --filter @datajax/io-parquet build` (needs a C++ compiler, make and python3), " +
        'set DATAJAX_PARQUET_ADDON to the path of datajax_parquet.node, or read with decoder "auto" or "wasm".',
      lastError ? { cause: lastError } : undefined,
    );
    this.tried = tried;
  }
}

/**
 * `decoder: "native"` was asked for a file (or column chunk) the native decoder does not handle:
 * a codec other than UNCOMPRESSED/SNAPPY, nested or dictionary-typed columns, INT96, decimals,
 * DELTA encodings, ... Code `DJX_PARQUET_NATIVE_UNSUPPORTED`; the message names the file and
 * why. The default `decoder: "auto"` reads such files with parquet-wasm instead.
 *
 * @example
 * ```ts
 * import { readParquet, ParquetNativeUnsupportedError } from "@datajax/io-parquet";
 * const trips = await readParquet("data/trips-zstd.parquet", { decoder: "native" }).catch(async (err: unknown) => {
 *   if (err instanceof ParquetNativeUnsupportedError) return readParquet("data/trips-zstd.parquet"); // auto: parquet-wasm
 *   throw err;
 * });
 * ```
 */
export class ParquetNativeUnsupportedError extends DataJaxError {
  /** The file that the native decoder cannot read. */
  readonly path: string;
  constructor(path: string, reason: string) {
    super("DJX_PARQUET_NATIVE_UNSUPPORTED", `${path}: the native Parquet decoder cannot read it: ${reason}. Read it with decoder "auto" (the default) or "wasm", which use parquet-wasm.`);
    this.path = path;
  }
}
