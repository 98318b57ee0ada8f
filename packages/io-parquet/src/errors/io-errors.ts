import { DataJaxError } from "@datajax/core-ir";

/** A file is not valid Parquet (bad magic, truncated, unreadable footer or pages). */
export class ParquetFormatError extends DataJaxError {
  readonly path: string;
  constructor(path: string, problem: string, options?: { cause?: unknown }) {
    super("DJX_PARQUET_CORRUPT", `${path}: not a readable Parquet file: ${problem}. Re-create or re-download the file; if it is still being written, wait for the writer to finish.`, options);
    this.path = path;
  }
}

/** A file is not a valid Arrow IPC file or stream. */
export class ArrowIpcFormatError extends DataJaxError {
  readonly path: string;
  constructor(path: string, problem: string, options?: { cause?: unknown }) {
    super("DJX_ARROW_IPC_CORRUPT", `${path}: not a readable Arrow IPC file or stream: ${problem}. Re-create the file (writeArrowIpc writes it atomically).`, options);
    this.path = path;
  }
}

/** A path, folder or glob matched no file to read. */
export class NoInputFilesError extends DataJaxError {
  readonly pattern: string;
  constructor(pattern: string, detail: string) {
    super("DJX_NO_INPUT_FILES", `${pattern}: ${detail}. Check the path (relative paths resolve from ${process.cwd()}).`);
    this.pattern = pattern;
  }
}

/** Files read as one table disagree on their schema. */
export class SchemaMismatchError extends DataJaxError {
  constructor(first: string, firstSchema: string, other: string, otherSchema: string) {
    super("DJX_SCHEMA_MISMATCH", `${other} has schema ${otherSchema}, but ${first} has ${firstSchema}; files read together must share one schema. Read them separately, or select common columns with the columns option.`);
  }
}

/** A write failed; the target was left as it was (the temporary file was removed). */
export class AtomicWriteError extends DataJaxError {
  readonly path: string;
  constructor(path: string, options?: { cause?: unknown }) {
    const reason = options?.cause instanceof Error ? options.cause.message : String(options?.cause);
    super("DJX_WRITE_FAILED", `writing ${path} failed: ${reason}. The target was left unchanged and no temporary file remains.`, options);
    this.path = path;
  }
}
