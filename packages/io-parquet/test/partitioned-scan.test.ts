import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as arrow from "apache-arrow";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { partitionUnits, readArrowIpc, readParquet, writeArrowIpc, writeParquet } from "../src/index.js";
import { newCounters, scanToTable } from "./scan-to-table.js";

let dir: string;
const N = 10_007;
const table = arrow.tableFromArrays({ id: Int32Array.from({ length: N }, (_, i) => i), x: Float64Array.from({ length: N }, (_, i) => i / 2) });

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "djx-partition-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function idsOf(source: { scan: (typeof import("../src/index.js"))["ParquetSource"]["prototype"]["scan"] }, index: number, count: number) {
  const t = await scanToTable(source as never, { columns: ["id"], partition: { index, count } });
  return Array.from(t.getChild("id")?.toArray() ?? []) as number[];
}

describe("partitioned scans cover every row exactly once", () => {
  test("partitionUnits splits into contiguous, balanced blocks", () => {
    const units = Array.from({ length: 10 }, (_, i) => i);
    expect([0, 1, 2].map((index) => partitionUnits(units, { index, count: 3 }))).toEqual([[0, 1, 2], [3, 4, 5], [6, 7, 8, 9]]);
    expect(partitionUnits([1, 2], { index: 3, count: 4 })).toEqual([2]);
    expect(() => partitionUnits(units, { index: 3, count: 3 })).toThrow(RangeError);
  });

  test("Parquet row groups over 1..7 partitions, several files", async () => {
    const folder = join(dir, "pq");
    const { mkdir } = await import("node:fs/promises");
    await mkdir(folder);
    await writeParquet(table.slice(0, 6000), join(folder, "a.parquet"), { rowGroupSize: 1000 });
    await writeParquet(table.slice(6000), join(folder, "b.parquet"), { rowGroupSize: 1500 });
    const source = await readParquet(folder);
    expect(source.rowGroups).toHaveLength(9);
    for (let count = 1; count <= 7; count++) {
      const seen: number[] = [];
      let units = 0;
      for (let index = 0; index < count; index++) {
        const counters = newCounters();
        const t = await scanToTable(source, { columns: ["id"], partition: { index, count } }, counters);
        units += counters.unitsTotal;
        seen.push(...(Array.from(t.numRows ? t.getChild("id")!.toArray() : []) as number[]));
      }
      expect(units).toBe(9);
      expect(seen).toEqual(Array.from({ length: N }, (_, i) => i));
    }
    // More partitions than row groups: some partitions are empty, none overlap.
    const total = (await Promise.all(Array.from({ length: 12 }, (_, index) => idsOf(source, index, 12)))).flat();
    expect(total.sort((a, b) => a - b)).toEqual(Array.from({ length: N }, (_, i) => i));
  });

  test("Arrow IPC batches, file and stream formats", async () => {
    // Five batches: 2000 rows each, the last 2007.
    const batches = [0, 2000, 4000, 6000, 8000].map((s) => table.slice(s, s === 8000 ? N : s + 2000).batches[0]!);
    for (const format of ["file", "stream"] as const) {
      const path = join(dir, `t.${format}.arrow`);
      await writeArrowIpc(batches, path, { format });
      const source = await readArrowIpc(path);
      expect(source.format).toBe(format);
      for (const count of [1, 2, 3, 6]) {
        const seen: number[] = [];
        for (let index = 0; index < count; index++) seen.push(...(await idsOf(source as never, index, count)));
        expect(seen.sort((a, b) => a - b)).toEqual(Array.from({ length: N }, (_, i) => i));
      }
    }
  });
});
