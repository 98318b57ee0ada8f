import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as arrow from "apache-arrow";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { formatSchema } from "@datajax/core-ir";
import { readArrowIpc, writeArrowIpc } from "../src/index.js";
import { newCounters, rowsOf, sampleTable, scanToTable } from "./scan-to-table.js";

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "djx-ipc-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("writeArrowIpc then readArrowIpc", () => {
  for (const format of ["file", "stream"] as const) {
    test(`${format} format returns the same rows, with projection`, async () => {
      const table = sampleTable(3000);
      const path = join(dir, `sample.${format}`);
      await writeArrowIpc(table, path, { format });
      const source = await readArrowIpc(path, { name: "trips" });
      expect(source.kind).toBe("arrow-ipc");
      expect(source.name).toBe("trips");
      expect(source.format).toBe(format);
      expect(formatSchema(source.schema)).toBe("{id:int32, amount:float64, big:int64, ts:timestamp[us]?, label:utf8?, maybe:int32?, flag:bool?}");
      expect(rowsOf(await scanToTable(source))).toEqual(rowsOf(table));
      const counters = newCounters();
      const some = await scanToTable(source, { columns: ["ts", "id"] }, counters);
      expect(some.schema.fields.map((f) => f.name)).toEqual(["ts", "id"]);
      // IPC reads whole record batches, so a projection reads as many bytes as a full scan.
      const all = newCounters();
      await scanToTable(source, {}, all);
      expect(all.bytesRead).toBeGreaterThan(3000 * (4 + 8 + 8 + 8));
      expect(counters.bytesRead).toBe(all.bytesRead);
      expect(source.fingerprint()).toMatch(/^arrow-ipc:[0-9a-f]{32}$/);
    });
  }

  test("an empty table keeps its schema", async () => {
    const path = join(dir, "empty.arrow");
    await writeArrowIpc(new arrow.Table(sampleTable(1).schema), path);
    const source = await readArrowIpc(path);
    expect(source.schema.fields).toHaveLength(7);
    expect((await scanToTable(source)).numRows).toBe(0);
  });
});
