import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as arrow from "apache-arrow";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { formatSchema } from "@datajax/core-ir";
import { readParquet, writeParquet } from "../src/index.js";
import { newCounters, rowsOf, sampleTable, scanToTable } from "./scan-to-table.js";

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "djx-parquet-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("writeParquet then readParquet", () => {
  test("returns the same rows, types and nulls", async () => {
    const table = sampleTable(1000);
    const path = join(dir, "sample.parquet");
    await writeParquet(table, path, { rowGroupSize: 300 });
    const source = await readParquet(path);
    expect(source.kind).toBe("parquet");
    expect(source.name).toBe("sample");
    expect(source.rowCount).toBe(1000);
    expect(source.rowGroups.map((g) => g.numRows)).toEqual([300, 300, 300, 100]);
    expect(formatSchema(source.schema)).toBe("{id:int32, amount:float64, big:int64, ts:timestamp[us]?, label:utf8?, maybe:int32?, flag:bool?}");
    const back = await scanToTable(source);
    expect(back.numRows).toBe(1000);
    expect(rowsOf(back)).toEqual(rowsOf(table));
    expect(back.getChild("maybe")!.nullCount).toBe(334);
  });

  test("keeps non-nullable fields non-nullable", async () => {
    const schema = new arrow.Schema([new arrow.Field("a", new arrow.Int32(), false), new arrow.Field("b", new arrow.Float64(), true)]);
    const batch = new arrow.RecordBatch(schema, arrow.makeData({ type: new arrow.Struct(schema.fields), length: 3, nullCount: 0, children: [arrow.makeData({ type: new arrow.Int32(), length: 3, data: new Int32Array([1, 2, 3]) }), arrow.makeData({ type: new arrow.Float64(), length: 3, data: new Float64Array([1, 2, 3]) })] }));
    const path = join(dir, "required.parquet");
    await writeParquet([batch], path, { compression: "zstd" });
    const source = await readParquet(path);
    expect(formatSchema(source.schema)).toBe("{a:int32, b:float64?}");
    expect(rowsOf(await scanToTable(source))).toEqual([{ a: 1, b: 1 }, { a: 2, b: 2 }, { a: 3, b: 3 }]);
  });

  test("an empty table round-trips with its schema", async () => {
    const path = join(dir, "empty.parquet");
    await writeParquet(new arrow.Table(sampleTable(1).schema), path);
    const source = await readParquet(path);
    expect(source.rowCount).toBe(0);
    expect(source.schema.fields.map((f) => f.name)).toEqual(["id", "amount", "big", "ts", "label", "maybe", "flag"]);
    expect((await scanToTable(source)).numRows).toBe(0);
  });

  test("batches are whole row groups up to batchRows, not tiny ones", async () => {
    const path = join(dir, "large-groups.parquet");
    await writeParquet(arrow.tableFromArrays({ id: Int32Array.from({ length: 250_000 }, (_, i) => i) }), path, { rowGroupSize: 200_000 });
    const sizes: number[] = [];
    for await (const b of (await readParquet(path)).scan({ columns: ["id"], filter: null })) sizes.push(b.numRows);
    expect(sizes).toEqual([122_880, 77_120, 50_000]);
  });

  test("every compression codec round-trips", async () => {
    const table = sampleTable(200);
    for (const compression of ["uncompressed", "snappy", "gzip", "brotli", "lz4_raw", "zstd"] as const) {
      const path = join(dir, `codec-${compression}.parquet`);
      await writeParquet(table, path, { compression });
      expect(rowsOf(await scanToTable(await readParquet(path)))).toEqual(rowsOf(table));
    }
  });
});

describe("projection", () => {
  test("reads only the requested columns, in the requested order", async () => {
    const path = join(dir, "projection.parquet");
    await writeParquet(sampleTable(5000), path, { rowGroupSize: 1000 });
    const source = await readParquet(path);
    const all = newCounters();
    await scanToTable(source, {}, all);
    const some = newCounters();
    const t = await scanToTable(source, { columns: ["maybe", "id"] }, some);
    expect(t.schema.fields.map((f) => f.name)).toEqual(["maybe", "id"]);
    expect(rowsOf(t)[7]).toEqual({ maybe: 14, id: 7 });
    // Bytes read are the two columns' chunks only.
    const expected = source.rowGroups.reduce((n, g) => n + g.file.footer.rowGroups[g.rowGroup]!.columns.filter((c) => c.name === "maybe" || c.name === "id").reduce((m, c) => m + c.compressedBytes, 0), 0);
    expect(some.bytesRead).toBe(expected);
    expect(some.bytesRead).toBeLessThan(all.bytesRead / 2);
  });

  test("readParquet's columns option narrows the source's schema", async () => {
    const path = join(dir, "narrow.parquet");
    await writeParquet(sampleTable(10), path);
    const source = await readParquet(path, { columns: ["label", "amount"], name: "trips" });
    expect(source.name).toBe("trips");
    expect(formatSchema(source.schema)).toBe("{label:utf8?, amount:float64}");
    const t = await scanToTable(source);
    expect(t.schema.fields.map((f) => f.name)).toEqual(["label", "amount"]);
  });

  test("an unknown column fails with a suggestion", async () => {
    const path = join(dir, "unknown.parquet");
    await writeParquet(sampleTable(10), path);
    await expect(readParquet(path, { columns: ["amout"] })).rejects.toThrow(/no column named "amout".*Did you mean "amount"/s);
    const source = await readParquet(path);
    await expect(scanToTable(source, { columns: ["lable"] })).rejects.toMatchObject({ code: "DJX_COLUMN_NOT_FOUND" });
  });

  test("zero columns yields the row counts without decoding", async () => {
    const path = join(dir, "count.parquet");
    await writeParquet(sampleTable(2500), path, { rowGroupSize: 1000 });
    const counters = newCounters();
    const sizes: number[] = [];
    for await (const b of (await readParquet(path)).scan({ columns: [], filter: null }, counters)) sizes.push(b.numRows);
    expect(sizes).toEqual([1000, 1000, 500]);
    expect(counters.bytesRead).toBe(0);
  });
});

describe("files, folders and globs", () => {
  test("a folder reads its .parquet files in name order and skips hidden and _ files", async () => {
    const folder = join(dir, "parts");
    const { mkdir, writeFile } = await import("node:fs/promises");
    await mkdir(join(folder, "nested"), { recursive: true });
    const all = sampleTable(300);
    await writeParquet(all.slice(0, 100), join(folder, "part-0.parquet"));
    await writeParquet(all.slice(100, 200), join(folder, "part-1.parquet"));
    await writeParquet(all.slice(200, 300), join(folder, "nested", "part-2.parquet"));
    await writeFile(join(folder, "_SUCCESS"), "");
    await writeFile(join(folder, ".part-3.parquet.123.tmp"), "partial");
    const source = await readParquet(folder);
    expect(source.files.map((f) => f.path.slice(folder.length + 1))).toEqual(["nested/part-2.parquet", "part-0.parquet", "part-1.parquet"]);
    expect(source.rowCount).toBe(300);
    const glob = await readParquet(join(folder, "part-*.parquet"));
    expect(glob.files).toHaveLength(2);
    const deep = await readParquet(join(folder, "**/*.parquet"));
    expect(deep.files).toHaveLength(3);
    expect(rowsOf(await scanToTable(glob))).toEqual(rowsOf(all.slice(0, 200)));
  });

  test("files with different schemas are refused", async () => {
    const folder = join(dir, "mixed");
    const { mkdir } = await import("node:fs/promises");
    await mkdir(folder);
    await writeParquet(sampleTable(5), join(folder, "a.parquet"));
    await writeParquet(arrow.tableFromArrays({ id: new Float64Array([1]) }), join(folder, "b.parquet"));
    await expect(readParquet(folder)).rejects.toMatchObject({ code: "DJX_SCHEMA_MISMATCH" });
  });

  test("a path matching nothing fails with a typed error", async () => {
    await expect(readParquet(join(dir, "nope.parquet"))).rejects.toMatchObject({ code: "DJX_NO_INPUT_FILES" });
    await expect(readParquet(join(dir, "nope-*.parquet"))).rejects.toMatchObject({ code: "DJX_NO_INPUT_FILES" });
  });

  test("the fingerprint changes when a file changes", async () => {
    const path = join(dir, "fp.parquet");
    await writeParquet(sampleTable(10), path);
    const a = (await readParquet(path)).fingerprint();
    expect(a).toMatch(/^parquet:[0-9a-f]{32}$/);
    expect((await readParquet(path)).fingerprint()).toBe(a);
    await new Promise((r) => setTimeout(r, 20));
    await writeParquet(sampleTable(11), path);
    expect((await readParquet(path)).fingerprint()).not.toBe(a);
    expect((await readdir(dir)).filter((f) => f.endsWith(".tmp"))).toEqual([]);
  });

  test("with and without prefetch the decoder returns the same batches", async () => {
    const path = join(dir, "prefetch.parquet");
    const table = sampleTable(5000);
    await writeParquet(table, path, { rowGroupSize: 700 });
    const ahead = await scanToTable(await readParquet(path, { batchRows: 300 }));
    const inTurn = await scanToTable(await readParquet(path, { batchRows: 300, prefetch: false }));
    expect(rowsOf(inTurn)).toEqual(rowsOf(ahead));
    expect(inTurn.batches.map((b) => b.numRows)).toEqual(ahead.batches.map((b) => b.numRows));
    expect(rowsOf(ahead)).toEqual(rowsOf(table));
  });
});

