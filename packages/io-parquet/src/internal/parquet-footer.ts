import type { FileHandle } from "node:fs/promises";
import { ParquetFormatError } from "../errors/io-errors.js";
import { ThriftCompactReader, ThriftDecodeError, type ThriftStruct, type ThriftValue } from "./thrift-compact-reader.js";

/** Parquet physical types (parquet.thrift `Type`). */
export const PhysicalType = { BOOLEAN: 0, INT32: 1, INT64: 2, INT96: 3, FLOAT: 4, DOUBLE: 5, BYTE_ARRAY: 6, FIXED_LEN_BYTE_ARRAY: 7 } as const;

/**
 * Raw (still encoded) min/max of one column chunk, as the footer holds them (`min_value` /
 * `max_value`, plain-encoded by the physical type); decodeStatistics turns them into values.
 *
 * @example
 * ```ts
 * import { readParquet, type RawStatistics } from "@datajax/io-parquet";
 * const trips = await readParquet("data/trips.parquet");
 * const raw: RawStatistics | undefined = trips.files[0]!.footer.rowGroups[0]!.columns[0]!.statistics;
 * console.log(raw?.nullCount, raw?.min?.byteLength);
 * ```
 */
export interface RawStatistics {
  /** Encoded minimum, in the column's sort order. */
  readonly min?: Uint8Array;
  /** Encoded maximum, in the column's sort order. */
  readonly max?: Uint8Array;
  /** Null values in the chunk. */
  readonly nullCount?: number;
  /** False when the writer truncated `min` (long strings): it is then only a lower bound. */
  readonly minExact?: boolean;
  /** False when the writer truncated `max` (long strings): it is then only an upper bound. */
  readonly maxExact?: boolean;
}

/**
 * One column chunk of a row group, from the footer.
 *
 * @example
 * ```ts
 * import { readParquet, type ColumnChunkInfo } from "@datajax/io-parquet";
 * const trips = await readParquet("data/trips.parquet");
 * const chunks: readonly ColumnChunkInfo[] = trips.files[0]!.footer.rowGroups[0]!.columns;
 * for (const c of chunks) console.log(c.name, c.compressedBytes);
 * ```
 */
export interface ColumnChunkInfo {
  /** Dotted path; equal to the column name for flat schemas. */
  readonly name: string;
  /** The Parquet physical type (parquet.thrift `Type`: 1 INT32, 2 INT64, 5 DOUBLE, 6 BYTE_ARRAY, ...); -1 when absent. */
  readonly physicalType: number;
  /** Bytes the chunk takes in the file (compressed). */
  readonly compressedBytes: number;
  /** The chunk's min/max/null count, when the writer stored them. */
  readonly statistics?: RawStatistics;
  /** The compression codec (parquet.thrift `CompressionCodec`: 0 UNCOMPRESSED, 1 SNAPPY, 2 GZIP, 6 ZSTD, ...); -1 when absent. */
  readonly codec?: number;
  /** The encodings its pages use (parquet.thrift `Encoding`: 0 PLAIN, 2 PLAIN_DICTIONARY, 3 RLE, 8 RLE_DICTIONARY, ...). */
  readonly encodings?: readonly number[];
  /** File offset of its first data page. */
  readonly dataPageOffset?: number;
  /** File offset of its dictionary page, when it has one. */
  readonly dictionaryPageOffset?: number;
  /** Values in the chunk (rows, for a flat column), nulls included. */
  readonly numValues?: number;
  /** True when the chunk lives in another file (`file_path`) or is encrypted: only parquet-wasm may try it. */
  readonly external?: boolean;
}

/**
 * One leaf column of the file's Parquet schema (a top-level column, for flat schemas).
 *
 * @example
 * ```ts
 * import { readParquet, type ParquetLeafColumn } from "@datajax/io-parquet";
 * const trips = await readParquet("data/trips.parquet");
 * const leaves: readonly ParquetLeafColumn[] = trips.files[0]!.footer.leaves;
 * for (const l of leaves) console.log(l.name, l.physicalType, l.maxDefinitionLevel); // fare 5 1
 * ```
 */
export interface ParquetLeafColumn {
  /** Dotted path (the column name for a flat schema). */
  readonly name: string;
  /** Groups above it (0 for a top-level column). */
  readonly depth: number;
  /** The Parquet physical type (see ColumnChunkInfo.physicalType); -1 when absent. */
  readonly physicalType: number;
  /** 1 for an optional top-level column, 0 for a required one; more when nested. */
  readonly maxDefinitionLevel: number;
  /** 0 unless the column is (inside) a repeated field. */
  readonly maxRepetitionLevel: number;
  /** The unit of a TIMESTAMP or TIME logical (or converted) type. */
  readonly timeUnit?: "ms" | "us" | "ns";
  /** True for a DECIMAL logical (or converted) type. */
  readonly decimal?: boolean;
}

/**
 * One row group of a Parquet file, from the footer.
 *
 * @example
 * ```ts
 * import { readParquet, type RowGroupInfo } from "@datajax/io-parquet";
 * const trips = await readParquet("data/trips.parquet");
 * const groups: readonly RowGroupInfo[] = trips.files[0]!.footer.rowGroups;
 * console.log(groups.map((g) => g.numRows)); // e.g. [122880, 122880, 4240]
 * ```
 */
export interface RowGroupInfo {
  /** Rows in the row group. */
  readonly numRows: number;
  /** Its column chunks, in schema order. */
  readonly columns: readonly ColumnChunkInfo[];
}

/**
 * What DataJAX needs from a Parquet footer (FileMetaData), validated: the row groups' row counts
 * add up to `numRows`.
 *
 * @example
 * ```ts
 * import { readParquet, type ParquetFooter } from "@datajax/io-parquet";
 * const trips = await readParquet("data/trips.parquet");
 * const footer: ParquetFooter = trips.files[0]!.footer;
 * console.log(footer.numRows, footer.rowGroups.length, footer.footerBytes);
 * ```
 */
export interface ParquetFooter {
  /** Rows in the file. */
  readonly numRows: number;
  /** The file's row groups, in file order. */
  readonly rowGroups: readonly RowGroupInfo[];
  /** Bytes of the footer including its 8-byte trailer. */
  readonly footerBytes: number;
  /** The leaf columns of the Parquet schema, in column-chunk order. */
  readonly leaves: readonly ParquetLeafColumn[];
  /** The file's key-value metadata (`key_value_metadata`), such as the "ARROW:schema" its writer embedded. */
  readonly keyValueMetadata: ReadonlyMap<string, string>;
}

const MAGIC = [0x50, 0x41, 0x52, 0x31]; // "PAR1"

/**
 * Reads and validates the footer of a Parquet file: leading and trailing magic, footer length,
 * Thrift structure, row counts. Any defect becomes a ParquetFormatError naming the file.
 * Encrypted footers ("PARE") are reported as unsupported.
 */
export async function readParquetFooter(path: string, file: FileHandle, fileBytes: number): Promise<ParquetFooter> {
  if (fileBytes < 12) throw new ParquetFormatError(path, `the file has ${fileBytes} bytes, fewer than the 12 of an empty Parquet file (truncated?)`);
  const head = await readAt(file, 0, 4);
  if (!MAGIC.every((b, i) => head[i] === b)) throw new ParquetFormatError(path, `it does not start with the magic bytes "PAR1" (found ${describeBytes(head)})`);
  const tail = await readAt(file, fileBytes - 8, 8);
  const trailer = String.fromCharCode(...tail.subarray(4));
  if (trailer === "PARE") throw new ParquetFormatError(path, "its footer is encrypted, which DataJAX cannot read");
  if (trailer !== "PAR1") throw new ParquetFormatError(path, `it does not end with the magic bytes "PAR1" (found ${describeBytes(tail.subarray(4))}); the file is truncated or was not completely written`);
  const footerLength = new DataView(tail.buffer, tail.byteOffset, 8).getUint32(0, true);
  if (footerLength + 12 > fileBytes) throw new ParquetFormatError(path, `its footer claims ${footerLength} bytes but the file has only ${fileBytes}`);
  const bytes = await readAt(file, fileBytes - 8 - footerLength, footerLength);
  let meta: ThriftStruct;
  try {
    meta = new ThriftCompactReader(bytes).readStruct();
  } catch (e) {
    if (e instanceof ThriftDecodeError) throw new ParquetFormatError(path, `its footer cannot be decoded (${e.message})`, { cause: e });
    throw e;
  }
  const numRows = asNumber(meta.get(3));
  const rowGroups = asList(meta.get(4)).map((rg) => rowGroupInfo(asStruct(rg)));
  if (numRows === undefined) throw new ParquetFormatError(path, "its footer has no row count");
  const sum = rowGroups.reduce((n, rg) => n + rg.numRows, 0);
  if (sum !== numRows) throw new ParquetFormatError(path, `its row groups hold ${sum} rows but the footer says ${numRows}`);
  for (const rg of rowGroups) {
    for (const c of rg.columns) {
      if (c.compressedBytes > fileBytes) throw new ParquetFormatError(path, `column chunk ${c.name} claims ${c.compressedBytes} bytes, more than the file's ${fileBytes}`);
    }
  }
  return { numRows, rowGroups, footerBytes: footerLength + 8, leaves: schemaLeaves(asList(meta.get(2)).map(asStruct)), keyValueMetadata: keyValues(asList(meta.get(5))) };
}

/** Walks the flattened schema tree (depth first, `num_children` per group) into its leaves. */
function schemaLeaves(elements: readonly ThriftStruct[]): ParquetLeafColumn[] {
  const leaves: ParquetLeafColumn[] = [];
  let at = 0;
  const walk = (path: readonly string[], definition: number, repetition: number, isRoot: boolean): void => {
    const e = elements[at++];
    if (!e) return;
    const name = e.get(4) instanceof Uint8Array ? new TextDecoder().decode(e.get(4) as Uint8Array) : "";
    const rep = asNumber(e.get(3)) ?? 0;
    const def = isRoot ? 0 : definition + (rep === 0 ? 0 : 1);
    const reps = isRoot ? 0 : repetition + (rep === 2 ? 1 : 0);
    const here = isRoot ? path : [...path, name];
    const children = asNumber(e.get(5)) ?? 0;
    if (children > 0 || isRoot) {
      for (let i = 0; i < children && at < elements.length; i++) walk(here, def, reps, false);
      return;
    }
    const converted = asNumber(e.get(6));
    const logical = asStruct(e.get(10));
    const unitOf = (u: ThriftValue | undefined) => {
      const unit = asStruct(asStruct(u).get(2));
      return unit.has(1) ? ("ms" as const) : unit.has(2) ? ("us" as const) : unit.has(3) ? ("ns" as const) : undefined;
    };
    const timeUnit = logical.has(8) ? unitOf(logical.get(8)) : logical.has(7) ? unitOf(logical.get(7)) : converted === 7 || converted === 9 ? "ms" : converted === 8 || converted === 10 ? "us" : undefined;
    leaves.push({
      name: here.join("."),
      depth: here.length - 1,
      physicalType: asNumber(e.get(1)) ?? -1,
      maxDefinitionLevel: def,
      maxRepetitionLevel: reps,
      ...(timeUnit ? { timeUnit } : {}),
      ...(logical.has(5) || converted === 5 ? { decimal: true } : {}),
    });
  };
  walk([], 0, 0, true);
  return leaves;
}

function rowGroupInfo(rg: ThriftStruct): RowGroupInfo {
  const columns = asList(rg.get(1)).map((cc): ColumnChunkInfo => {
    const chunk = asStruct(cc);
    const meta = asStruct(chunk.get(3));
    const path = asList(meta.get(3)).map((p) => new TextDecoder().decode(p as Uint8Array));
    const stats = meta.get(12);
    const dictionaryPageOffset = asNumber(meta.get(11));
    return {
      name: path.join("."),
      physicalType: asNumber(meta.get(1)) ?? -1,
      compressedBytes: asNumber(meta.get(7)) ?? 0,
      ...(stats instanceof Map ? { statistics: rawStatistics(stats) } : {}),
      codec: asNumber(meta.get(4)) ?? -1,
      encodings: asList(meta.get(2)).filter((e): e is number => typeof e === "number"),
      dataPageOffset: asNumber(meta.get(9)) ?? -1,
      ...(dictionaryPageOffset !== undefined ? { dictionaryPageOffset } : {}),
      numValues: asNumber(meta.get(5)) ?? -1,
      external: chunk.has(1) || chunk.has(8) || chunk.has(9) || !chunk.has(3),
    };
  });
  return { numRows: asNumber(rg.get(3)) ?? 0, columns };
}

function rawStatistics(s: ThriftStruct): RawStatistics {
  // Fields 5/6 (min_value/max_value) follow the column's sort order; the deprecated 1/2 do not
  // for signed types, so they are ignored.
  const out: { -readonly [K in keyof RawStatistics]: RawStatistics[K] } = {};
  const min = s.get(6);
  const max = s.get(5);
  if (min instanceof Uint8Array) out.min = min;
  if (max instanceof Uint8Array) out.max = max;
  const nullCount = asNumber(s.get(3));
  if (nullCount !== undefined) out.nullCount = nullCount;
  const maxExact = s.get(7);
  const minExact = s.get(8);
  if (typeof maxExact === "boolean") out.maxExact = maxExact;
  if (typeof minExact === "boolean") out.minExact = minExact;
  return out;
}

const asNumber = (v: ThriftValue | undefined): number | undefined => (typeof v === "number" ? v : undefined);
const asList = (v: ThriftValue | undefined): ThriftValue[] => (Array.isArray(v) ? v : []);
const asStruct = (v: ThriftValue | undefined): ThriftStruct => (v instanceof Map ? v : new Map());
const utf8 = new TextDecoder();

/** `key_value_metadata` (KeyValue: 1 key, 2 optional value) as a map; a key without a value maps to "". */
function keyValues(entries: readonly ThriftValue[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const e of entries.map(asStruct)) {
    const key = e.get(1);
    const value = e.get(2);
    if (key instanceof Uint8Array) out.set(utf8.decode(key), value instanceof Uint8Array ? utf8.decode(value) : "");
  }
  return out;
}

async function readAt(file: FileHandle, position: number, length: number): Promise<Uint8Array> {
  const buffer = new Uint8Array(length);
  let done = 0;
  while (done < length) {
    const { bytesRead } = await file.read(buffer, done, length - done, position + done);
    if (bytesRead === 0) break;
    done += bytesRead;
  }
  return buffer.subarray(0, done);
}

function describeBytes(b: Uint8Array): string {
  return `0x${Buffer.from(b).toString("hex")}`;
}
