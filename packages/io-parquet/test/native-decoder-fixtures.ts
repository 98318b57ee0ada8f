import { writeFile } from "node:fs/promises";
import * as arrow from "apache-arrow";
import { DuckDBInstance } from "@duckdb/node-api";
import { parquetWasm } from "../src/index.js";

/** Writer settings of parquet-wasm (arrow-rs) for the differential tests' files. */
export interface WasmWriterSettings {
  readonly compression: "uncompressed" | "snappy" | "zstd";
  readonly rowGroupSize: number;
  readonly version: 1 | 2;
  readonly dictionary: boolean;
  /** Small limits force many pages and the dictionary → plain switch. */
  readonly dataPageSizeLimit?: number;
  readonly dictionaryPageSizeLimit?: number;
  readonly writeBatchSize?: number;
  /** The encoding of pages that are not dictionary-encoded (arrow-rs's v2 default for integers is DELTA_BINARY_PACKED). */
  readonly fallbackEncoding?: "plain";
  /** Encode the boolean column `flag` as RLE (what arrow-rs's v2 writer does by default). */
  readonly booleanRle?: boolean;
}

/** Writes `table` with parquet-wasm's writer and exactly these settings (writeParquet exposes only some). */
export async function writeWithWasm(table: arrow.Table, path: string, s: WasmWriterSettings): Promise<void> {
  const pw = parquetWasm();
  const codec = { uncompressed: pw.Compression.UNCOMPRESSED, snappy: pw.Compression.SNAPPY, zstd: pw.Compression.ZSTD }[s.compression];
  let builder = new pw.WriterPropertiesBuilder()
    .setCompression(codec)
    .setMaxRowGroupSize(s.rowGroupSize)
    .setWriterVersion(s.version === 2 ? pw.WriterVersion.V2 : pw.WriterVersion.V1)
    .setDictionaryEnabled(s.dictionary);
  if (s.dataPageSizeLimit !== undefined) builder = builder.setDataPageSizeLimit(s.dataPageSizeLimit);
  if (s.dictionaryPageSizeLimit !== undefined) builder = builder.setDictionaryPageSizeLimit(s.dictionaryPageSizeLimit);
  if (s.writeBatchSize !== undefined) builder = builder.setWriteBatchSize(s.writeBatchSize);
  if (s.fallbackEncoding === "plain") builder = builder.setEncoding(pw.Encoding.PLAIN);
  if (s.booleanRle) builder = builder.setColumnEncoding("flag", pw.Encoding.RLE);
  const wasmTable = pw.Table.fromIPCStream(arrow.tableToIPC(table, "stream"));
  const bytes = pw.writeParquet(wasmTable, builder.build());
  await writeFile(path, bytes);
}

/**
 * Every type the native decoder reads that a DataJAX schema admits (Binary and Time columns cannot
 * be exposed by a ParquetSource yet), with no-null, mixed-null and all-null columns; `n` rows.
 */
export function allTypesTable(n: number): arrow.Table {
  const maybe = <T>(i: number, every: number, v: T): T | null => (i % every === 0 ? null : v);
  const words = ["", "a", "zone-7", "Zürich", "東京", "🚕 taxi", "naïve café", "x".repeat(40)];
  const col = <T extends arrow.DataType>(type: T, f: (i: number) => unknown) => arrow.vectorFromArray(Array.from({ length: n }, (_, i) => f(i)), type);
  return new arrow.Table({
    i8: col(new arrow.Int8(), (i) => maybe(i, 7, ((i * 37) % 256) - 128)),
    i16: col(new arrow.Int16(), (i) => ((i * 7919) % 65536) - 32768),
    i32: arrow.makeVector(Int32Array.from({ length: n }, (_, i) => (i * 2_654_435_761) | 0)),
    i64: col(new arrow.Int64(), (i) => maybe(i, 3, BigInt(i) * -9_007_199_254_740_993n)),
    u8: col(new arrow.Uint8(), (i) => (i * 13) % 256),
    u16: col(new arrow.Uint16(), (i) => maybe(i, 5, (i * 4099) % 65536)),
    u32: col(new arrow.Uint32(), (i) => (i * 2_654_435_761) % 4_294_967_296),
    u64: col(new arrow.Uint64(), (i) => BigInt(i) * 1_000_000_000_007n + 18_000_000_000_000_000_000n),
    f32: col(new arrow.Float32(), (i) => maybe(i, 4, i * 0.5 - 100)),
    f64: col(new arrow.Float64(), (i) => (i % 11) * 1.25 - 3.5),
    flag: col(new arrow.Bool(), (i) => maybe(i, 6, i % 3 === 1)),
    allNull: col(new arrow.Int32(), () => null),
    word: col(new arrow.Utf8(), (i) => maybe(i, 9, words[i % words.length]!)),
    // Distinct strings: the dictionary outgrows a small dictionary page limit and the writer falls back to PLAIN.
    distinct: col(new arrow.Utf8(), (i) => `value-${i}-${"ß".repeat(i % 5)}`),
    day: col(new arrow.DateDay(), (i) => 1_700_000_000_000 + (i % 400) * 86_400_000),
    tsMs: arrow.makeVector({ type: new arrow.TimestampMillisecond(), length: n, data: BigInt64Array.from({ length: n }, (_, i) => 1_704_067_200_000n + BigInt(i) * 1_000n) }),
    tsUs: col(new arrow.TimestampMicrosecond("UTC"), (i) => maybe(i, 10, 1_704_067_200_000 + i * 61)),
    tsNs: arrow.makeVector({ type: new arrow.TimestampNanosecond(), length: n, data: BigInt64Array.from({ length: n }, (_, i) => 1_704_067_200_000_000_123n + BigInt(i) * 999n) }),
  });
}

/** A column's values comparable across readers: null, a number (floats), or a string (integers as decimal, timestamps and dates as raw units). */
export type Cell = number | string | boolean | null;

/** The table's columns as Cells, read from the raw Arrow buffers (no lossy BigInt → number or Date conversion). */
export function cellsOf(table: arrow.Table): Record<string, Cell[]> {
  const out: Record<string, Cell[]> = {};
  for (const field of table.schema.fields) {
    const cells: Cell[] = [];
    for (const data of table.getChild(field.name)!.data) {
      const t = data.type as arrow.DataType;
      const vector = arrow.makeVector(data);
      for (let i = 0; i < data.length; i++) {
        if (!data.getValid(i)) {
          cells.push(null);
          continue;
        }
        if (arrow.DataType.isUtf8(t) || arrow.DataType.isBool(t)) cells.push(vector.get(i) as string | boolean);
        else if (arrow.DataType.isFloat(t)) cells.push((data.values as Float32Array | Float64Array)[i]!);
        else cells.push(String((data.values as unknown as ArrayLike<number | bigint>)[i]));
      }
    }
    out[field.name] = cells;
  }
  return out;
}

/** The same Cells as DuckDB reads them from `path` (its own Parquet reader: an independent oracle). */
export async function duckdbCells(path: string, schema: arrow.Schema): Promise<Record<string, Cell[]>> {
  const sqlOf = (f: arrow.Field): string => {
    const c = `"${f.name}"`;
    const t = f.type as arrow.DataType;
    if (arrow.DataType.isTimestamp(t)) return `${["epoch", "epoch_ms", "epoch_us", "epoch_ns"][t.unit]}(${c})::VARCHAR`;
    if (arrow.DataType.isDate(t)) return `date_diff('day', DATE '1970-01-01', ${c})::VARCHAR`;
    if (arrow.DataType.isFloat(t) || arrow.DataType.isBool(t) || arrow.DataType.isUtf8(t)) return c;
    return `${c}::VARCHAR`;
  };
  const db = await DuckDBInstance.create(":memory:");
  const connection = await db.connect();
  try {
    const sql = `SELECT ${schema.fields.map((f) => `${sqlOf(f)} AS "${f.name}"`).join(", ")} FROM read_parquet('${path.replaceAll("'", "''")}')`;
    const rows = (await connection.runAndReadAll(sql)).getRowsJS();
    const out: Record<string, Cell[]> = {};
    schema.fields.forEach((f, k) => {
      out[f.name] = rows.map((r) => r[k] as Cell);
    });
    return out;
  } finally {
    connection.closeSync();
  }
}
