import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type * as arrow from "apache-arrow";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { AtomicWriteError, readArrowIpc, readParquet, writeArrowIpc, writeFileAtomically, writeParquet } from "../src/index.js";
import { sampleTable, scanToTable } from "./scan-to-table.js";

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "djx-atomic-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Yields two batches, then fails: the writer has already written bytes when the error comes. */
async function* failingBatches(): AsyncGenerator<arrow.RecordBatch> {
  const t = sampleTable(2000);
  yield t.slice(0, 1000).batches[0]!;
  yield t.slice(1000).batches[0]!;
  throw new Error("upstream exploded");
}

describe("atomic writes", () => {
  test("a successful write leaves only the target", async () => {
    const sub = await mkdtemp(join(dir, "ok-"));
    await writeParquet(sampleTable(100), join(sub, "a.parquet"));
    await writeArrowIpc(sampleTable(100), join(sub, "a.arrow"));
    expect((await readdir(sub)).sort()).toEqual(["a.arrow", "a.parquet"]);
  });

  for (const [name, write] of [
    ["writeParquet", (p: string) => writeParquet(failingBatches(), p, { rowGroupSize: 500 })],
    ["writeArrowIpc file", (p: string) => writeArrowIpc(failingBatches(), p)],
    ["writeArrowIpc stream", (p: string) => writeArrowIpc(failingBatches(), p, { format: "stream" })],
  ] as const) {
    test(`${name}: a failure mid-write leaves no partial target and no temporary file`, async () => {
      const sub = await mkdtemp(join(dir, "fail-"));
      const target = join(sub, "out.data");
      const error = await write(target).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(AtomicWriteError);
      expect(error).toMatchObject({ code: "DJX_WRITE_FAILED", path: target });
      expect((error as Error).message).toContain("upstream exploded");
      expect(((error as Error).cause as Error).message).toBe("upstream exploded");
      expect(await readdir(sub)).toEqual([]);
    });
  }

  test("a failed overwrite keeps the previous file intact", async () => {
    const sub = await mkdtemp(join(dir, "keep-"));
    const target = join(sub, "trips.parquet");
    await writeParquet(sampleTable(10), target);
    const before = await readFile(target);
    await expect(writeParquet(failingBatches(), target)).rejects.toBeInstanceOf(AtomicWriteError);
    expect(Buffer.compare(await readFile(target), before)).toBe(0);
    expect((await readParquet(target)).rowCount).toBe(10);
    expect(await readdir(sub)).toEqual(["trips.parquet"]);

    const ipc = join(sub, "trips.arrow");
    await writeArrowIpc(sampleTable(10), ipc);
    await expect(writeArrowIpc(failingBatches(), ipc)).rejects.toBeInstanceOf(AtomicWriteError);
    expect((await scanToTable(await readArrowIpc(ipc))).numRows).toBe(10);
  });

  test("writeFileAtomically replaces the target in one step", async () => {
    const sub = await mkdtemp(join(dir, "raw-"));
    const target = join(sub, "x.txt");
    await writeFile(target, "old");
    await writeFileAtomically(target, async (f) => {
      await f.write("new content");
      // While writing, the target still holds the old content.
      expect(await readFile(target, "utf8")).toBe("old");
    });
    expect(await readFile(target, "utf8")).toBe("new content");
    expect(await readdir(sub)).toEqual(["x.txt"]);
  });

  test("writing into a missing folder fails without creating anything", async () => {
    const target = join(dir, "missing-folder", "x.parquet");
    await expect(writeParquet(sampleTable(3), target)).rejects.toMatchObject({ code: "DJX_WRITE_FAILED" });
  });
});
