import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as arrow from "apache-arrow";
import { DuckDBInstance } from "@duckdb/node-api";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { loadNativeParquetAddon, ParquetNativeDecoderMissingError, ParquetNativeUnsupportedError, readParquet, writeParquet, type ParquetDecoderChoice } from "../src/index.js";
import { allTypesTable, cellsOf, duckdbCells, writeWithWasm, type WasmWriterSettings } from "./native-decoder-fixtures.js";
import { scanToTable } from "./scan-to-table.js";

const ROWS = 2_500;
let dir: string;
let table: arrow.Table;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "djx-native-pq-"));
  table = allTypesTable(ROWS);
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const ENCODING = { PLAIN: 0, RLE_DICTIONARY: 8 } as const;

/** Writer settings covering codecs, page versions, plain vs dictionary, many pages and the dictionary → plain switch. */
const variants: Record<string, WasmWriterSettings> = {
  "snappy, dictionary, many small pages, v1": { compression: "snappy", rowGroupSize: 1_000, version: 1, dictionary: true, dataPageSizeLimit: 512, writeBatchSize: 64 },
  "uncompressed, plain, v1": { compression: "uncompressed", rowGroupSize: 700, version: 1, dictionary: false },
  "snappy, plain, DATA_PAGE_V2": { compression: "snappy", rowGroupSize: 1_200, version: 2, dictionary: false, dataPageSizeLimit: 1_024, writeBatchSize: 100, fallbackEncoding: "plain", booleanRle: true },
  "uncompressed, dictionary → plain switch, DATA_PAGE_V2": { compression: "uncompressed", rowGroupSize: ROWS, version: 2, dictionary: true, dictionaryPageSizeLimit: 2_048, dataPageSizeLimit: 1_024, writeBatchSize: 128, fallbackEncoding: "plain", booleanRle: true },
  "snappy, dictionary → plain switch, v1": { compression: "snappy", rowGroupSize: ROWS, version: 1, dictionary: true, dictionaryPageSizeLimit: 2_048, writeBatchSize: 128 },
};

async function read(path: string, decoder: ParquetDecoderChoice, batchRows?: number) {
  const source = await readParquet(path, { decoder, ...(batchRows ? { batchRows } : {}) });
  return { source, table: await scanToTable(source) };
}

describe("the native decoder reads what parquet-wasm and DuckDB read", () => {
  for (const [name, settings] of Object.entries(variants)) {
    test(name, async () => {
      const path = join(dir, `${name.replace(/[^a-z0-9]+/gi, "-")}.parquet`);
      await writeWithWasm(table, path, settings);
      const before = loadNativeParquetAddon().profile().pages;
      const native = await read(path, "native");
      const pages = loadNativeParquetAddon().profile().pages;
      const wasm = await read(path, "wasm");
      expect(native.source.decoder).toBe("native");
      expect(wasm.source.decoder).toBe("wasm");
      expect(native.table.numRows).toBe(ROWS);
      expect(native.table.schema.fields.map((f) => `${f.name}: ${String(f.type)}`)).toEqual(wasm.table.schema.fields.map((f) => `${f.name}: ${String(f.type)}`));
      const cells = cellsOf(native.table);
      expect(cells).toEqual(cellsOf(wasm.table));
      expect(cells).toEqual(await duckdbCells(path, native.table.schema));
      expect(native.table.getChild("allNull")!.nullCount).toBe(ROWS);
      expect(native.table.getChild("i16")!.nullCount).toBe(0);
      expect(native.table.getChild("i8")!.nullCount).toBe(Math.ceil(ROWS / 7));
      // The file has the layout this variant is meant to cover.
      const footer = native.source.files[0]!.footer;
      const distinct = footer.rowGroups[0]!.columns.find((c) => c.name === "distinct")!;
      if (settings.dictionaryPageSizeLimit) expect(distinct.encodings).toEqual(expect.arrayContaining([ENCODING.PLAIN, ENCODING.RLE_DICTIONARY]));
      if (!settings.dictionary) expect(distinct.encodings).not.toContain(ENCODING.RLE_DICTIONARY);
      expect(footer.rowGroups.length).toBe(Math.ceil(ROWS / settings.rowGroupSize));
      // ...and the decoder went through the pages this variant is meant to cover.
      const ran = (k: keyof typeof pages) => pages[k] - before[k];
      expect(ran(settings.version === 2 ? "dataV2" : "dataV1")).toBeGreaterThanOrEqual(footer.rowGroups.length * native.table.numCols);
      expect(ran(settings.version === 2 ? "dataV1" : "dataV2")).toBe(0);
      expect(ran("dictionaryEncoded") > 0).toBe(settings.dictionary);
      expect(ran("plain")).toBeGreaterThan(0);
      if (settings.version === 2) expect(ran("rleBoolean")).toBeGreaterThan(0);
    });
  }

  test("a file DuckDB wrote (another writer's conventions) reads the same natively, with parquet-wasm and in DuckDB", async () => {
    const path = join(dir, "duckdb-written.parquet");
    const db = await DuckDBInstance.create(":memory:");
    const connection = await db.connect();
    await connection.run(`COPY (
      SELECT i::INTEGER AS id, (i * 7919)::BIGINT AS big, CASE WHEN i % 5 = 0 THEN NULL ELSE i / 8.0 END AS amount,
             CASE WHEN i % 7 = 0 THEN NULL ELSE 'zone-' || (i % 13) || repeat('é', i % 3) END AS zone,
             i % 3 = 0 AS flag, (DATE '2024-01-01' + (i % 300)::INTEGER) AS day,
             TIMESTAMP '2024-01-01' + to_microseconds(i * 1_000_003) AS ts, (i % 120)::TINYINT AS small
      FROM range(6000) t(i)) TO '${path}' (FORMAT parquet, COMPRESSION snappy, ROW_GROUP_SIZE 2048)`);
    connection.closeSync();
    const native = await read(path, "native");
    const wasm = await read(path, "wasm");
    expect(native.source.decoder).toBe("native");
    expect(native.table.numRows).toBe(6_000);
    const cells = cellsOf(native.table);
    expect(cells).toEqual(cellsOf(wasm.table));
    expect(cells).toEqual(await duckdbCells(path, native.table.schema));
  });

  test("row groups larger than batchRows come as zero-copy slices, in row-group order, with and without prefetch", async () => {
    const path = join(dir, "batches.parquet");
    await writeWithWasm(table, path, { compression: "snappy", rowGroupSize: 1_000, version: 1, dictionary: true });
    const sizes: number[] = [];
    const source = await readParquet(path, { decoder: "native", batchRows: 300 });
    for await (const b of source.scan({ columns: ["i32", "word"], filter: null })) sizes.push(b.numRows);
    expect(sizes).toEqual([300, 300, 300, 100, 300, 300, 300, 100, 300, 200]);
    const sequential = await scanToTable(await readParquet(path, { decoder: "native", prefetch: false, batchRows: 300 }), { columns: ["i32", "word"] });
    const expected = cellsOf(table.select(["i32", "word"]));
    expect(cellsOf(sequential)).toEqual(expected);
  });

  test("a consumer that stops early leaves nothing running", async () => {
    const path = join(dir, "early.parquet");
    await writeWithWasm(table, path, { compression: "snappy", rowGroupSize: 250, version: 1, dictionary: true });
    const source = await readParquet(path, { decoder: "native" });
    let seen = 0;
    for await (const b of source.scan({ columns: null, filter: null })) {
      seen += b.numRows;
      if (seen >= 500) break;
    }
    expect(seen).toBe(500);
    expect((await scanToTable(source)).numRows).toBe(ROWS);
  });
});

describe("decoder selection", () => {
  test("a ZSTD file takes the parquet-wasm path under auto, with the same answer; native refuses it with a typed error", async () => {
    const zstd = join(dir, "zstd.parquet");
    const snappy = join(dir, "snappy.parquet");
    await writeParquet(table, zstd, { compression: "zstd", rowGroupSize: 1_000 });
    await writeParquet(table, snappy, { compression: "snappy", rowGroupSize: 1_000 });
    const auto = await read(zstd, "auto");
    expect(auto.source.decoder).toBe("wasm");
    const native = await read(snappy, "auto");
    expect(native.source.decoder).toBe("native");
    expect(cellsOf(auto.table)).toEqual(cellsOf(native.table));
    const error = await readParquet(zstd, { decoder: "native" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ParquetNativeUnsupportedError);
    expect(error).toMatchObject({ code: "DJX_PARQUET_NATIVE_UNSUPPORTED", path: zstd });
    expect((error as Error).message).toMatch(/codec 6 \(only UNCOMPRESSED and SNAPPY/);
  });

  test("DELTA encodings (arrow-rs's v2 default) take the parquet-wasm path under auto, with the same answer", async () => {
    const path = join(dir, "delta.parquet");
    await writeWithWasm(table, path, { compression: "snappy", rowGroupSize: 1_000, version: 2, dictionary: false });
    const encodings = new Set((await readParquet(path)).files[0]!.footer.rowGroups[0]!.columns.flatMap((c) => c.encodings ?? []));
    expect(encodings.has(5)).toBe(true); // DELTA_BINARY_PACKED
    const auto = await read(path, "auto");
    expect(auto.source.decoder).toBe("wasm");
    expect(cellsOf(auto.table)).toEqual(cellsOf(table));
  });

  test("a dictionary-typed Arrow field sends a full scan to parquet-wasm; the other columns alone are read natively", async () => {
    const path = join(dir, "dictionary-field.parquet");
    const zones = arrow.vectorFromArray(Array.from({ length: 300 }, (_, i) => `zone-${i % 4}`), new arrow.Dictionary(new arrow.Utf8(), new arrow.Int32()));
    const mixed = new arrow.Table({ id: arrow.makeVector(Int32Array.from({ length: 300 }, (_, i) => i)), zone: zones });
    await writeParquet(mixed, path);
    const auto = await readParquet(path);
    expect(String(auto.arrowSchema.fields[1]!.type)).toMatch(/^Dictionary/);
    expect(auto.decoder).toBe("wasm");
    expect((await scanToTable(auto)).getChild("zone")!.get(5)).toBe("zone-1");
    const flat = await readParquet(path, { columns: ["id"], decoder: "native" });
    expect(flat.decoder).toBe("native");
    expect(cellsOf(await scanToTable(flat))).toEqual(cellsOf(mixed.select(["id"])));
    await expect(readParquet(path, { decoder: "native" })).rejects.toThrow(/column zone: Dictionary.* are not supported/);
  });

  test("a missing addon fails with a typed error listing the paths tried and how to build it", () => {
    let error: unknown;
    try {
      loadNativeParquetAddon(["/nonexistent/a/datajax_parquet.node", "/nonexistent/b/datajax_parquet.node"]);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ParquetNativeDecoderMissingError);
    expect(error).toMatchObject({ code: "DJX_PARQUET_NATIVE_MISSING", tried: ["/nonexistent/a/datajax_parquet.node", "/nonexistent/b/datajax_parquet.node"] });
    expect((error as Error).message).toContain("pnpm --filter @datajax/io-parquet build");
    expect((error as Error).message).toContain("/nonexistent/b/datajax_parquet.node");
  });

  test("an unknown decoder is a RangeError", async () => {
    await expect(readParquet(join(dir, "snappy.parquet"), { decoder: "gpu" as ParquetDecoderChoice })).rejects.toThrow(RangeError);
  });
});
