import { DuckDBDataChunk, BIGINT, type DuckDBConnection, type DuckDBVector } from "@duckdb/node-api";
import { DataType, type Data, type RecordBatch } from "apache-arrow";
import type { Schema } from "@datajax/core-ir";
import { chunkType, storageType } from "../sql/duckdb-types.js";
import { ORD, quoteIdent } from "../sql/sql-text.js";

/** Rows per DuckDB data chunk: DuckDB's vector size, the most one chunk holds. */
const CHUNK_ROWS = 2048;

const utf8 = new TextDecoder();

const isValid = (bitmap: Uint8Array, offset: number, i: number) => ((bitmap[(offset + i) >> 3]! >> ((offset + i) & 7)) & 1) === 1;

/** The values of rows [from, from + n) of one Arrow column as node-api items (numbers, bigints, strings, booleans, null). */
type ItemReader = (i: number) => unknown;

function itemReader(data: Data): ItemReader {
  const validity = data.nullCount > 0 ? data.nullBitmap : undefined;
  const offset = data.offset;
  const dictionary = (data as Data & { dictionary?: { data: Data[] } }).dictionary;
  let read: ItemReader;
  if (dictionary) {
    // Each dictionary entry is decoded once; rows share the strings.
    const entries = dictionary.data.flatMap((d) => { const r = itemReader(d); return Array.from({ length: d.length }, (_, i) => r(i)); });
    const indices = data.values as ArrayLike<number>;
    read = (i) => entries[indices[i]!];
  } else if (data.valueOffsets) {
    const offsets = data.valueOffsets as Int32Array;
    const bytes = data.values as Uint8Array;
    read = (i) => utf8.decode(bytes.subarray(offsets[i]!, offsets[i + 1]!));
  } else if (DataType.isBool(data.type)) {
    const bits = data.values as Uint8Array;
    read = (i) => isValid(bits, offset, i);
  } else {
    const values = data.values as ArrayLike<number | bigint>;
    read = (i) => values[i];
  }
  return validity ? (i) => (isValid(validity, offset, i) ? read(i) : null) : read;
}

/**
 * Creates temp table `table` with `schema`'s columns (storage types) plus the row-order column,
 * and appends `batches` through data chunks: the fastest route @duckdb/node-api offers from
 * typed arrays (about twice the speed of a row-at-a-time appender, measured in README.md).
 * Returns the rows appended.
 */
export async function appendRecordBatches(connection: DuckDBConnection, table: string, schema: Schema, batches: AsyncIterable<RecordBatch>, signal?: AbortSignal): Promise<{ rows: number; batches: number }> {
  const columns = schema.fields.map((f) => `${quoteIdent(f.name)} ${storageType(f.type)}`);
  await connection.run(`CREATE TEMP TABLE ${quoteIdent(table)} (${[...columns, `${ORD} BIGINT`].join(", ")})`);
  const appender = await connection.createAppender(table, "main", "temp");
  const types = [...schema.fields.map((f) => chunkType(f.type)), BIGINT];
  let rows = 0;
  let count = 0;
  try {
    for await (const batch of batches) {
      signal?.throwIfAborted();
      count++;
      const readers = schema.fields.map((f) => {
        const index = batch.schema.fields.findIndex((g) => g.name === f.name);
        if (index < 0) throw new Error(`backend-duckdb: a batch for ${table} lacks column "${f.name}" (it has ${batch.schema.fields.map((g) => g.name).join(", ")})`);
        return itemReader(batch.data.children[index]!);
      });
      for (let from = 0; from < batch.numRows; from += CHUNK_ROWS) {
        const n = Math.min(CHUNK_ROWS, batch.numRows - from);
        const chunk = DuckDBDataChunk.create(types, n);
        readers.forEach((read, c) => fill(chunk.getColumnVector(c), read, from, n));
        const ord = chunk.getColumnVector(schema.fields.length);
        for (let i = 0; i < n; i++) ord.setItem(i, BigInt(rows + from + i));
        ord.flush();
        appender.appendDataChunk(chunk);
      }
      rows += batch.numRows;
    }
    appender.flushSync();
  } finally {
    appender.closeSync();
  }
  return { rows, batches: count };
}

function fill(vector: DuckDBVector, read: ItemReader, from: number, n: number): void {
  const v = vector as DuckDBVector<never> & { setItem(i: number, value: unknown): void };
  for (let i = 0; i < n; i++) v.setItem(i, read(from + i));
  vector.flush();
}
