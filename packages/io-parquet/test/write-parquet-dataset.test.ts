import { existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as arrow from "apache-arrow";
import { afterAll, describe, expect, it } from "vitest";
import { readParquet, writeParquetDataset } from "../src/index.js";
import { sampleTable, scanToTable, rowsOf } from "./scan-to-table.js";

const dir = mkdtempSync(join(tmpdir(), "djx-parts-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("writeParquetDataset", () => {
  it("one file per rank, then the _SUCCESS marker; the folder reads back as the whole result", async () => {
    const whole = sampleTable(900);
    const perRank = [whole.slice(0, 300), whole.slice(300, 301), new arrow.Table(whole.schema), whole.slice(301)];
    const out = join(dir, "result");
    await writeParquetDataset(perRank, out);
    expect(readdirSync(out).sort()).toEqual(["_SUCCESS", "part-00000-of-00004.parquet", "part-00001-of-00004.parquet", "part-00002-of-00004.parquet", "part-00003-of-00004.parquet"]);
    expect(rowsOf(await scanToTable(await readParquet(out)))).toEqual(rowsOf(whole));
    // A rewrite with fewer ranks leaves no part of the old one.
    await writeParquetDataset([whole], out);
    expect(readdirSync(out).sort()).toEqual(["_SUCCESS", "part-00000-of-00001.parquet"]);
  });

  it("a failing rank leaves no marker and no partial part", async () => {
    const out = join(dir, "failed");
    async function* failing(): AsyncGenerator<arrow.RecordBatch> {
      yield sampleTable(10).batches[0]!;
      throw new Error("rank 1 exploded");
    }
    await expect(writeParquetDataset([sampleTable(5), failing()], out)).rejects.toThrow(/rank 1 exploded/);
    expect(existsSync(join(out, "_SUCCESS"))).toBe(false);
    expect(readdirSync(out)).toEqual(["part-00000-of-00002.parquet"]);
  });
});
