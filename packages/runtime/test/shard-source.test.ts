import { type RecordBatch, Table, tableFromArrays } from "apache-arrow";
import { describe, expect, it } from "vitest";
import { mpiWorldFromEnv, shardSource, tableSource } from "../src/index.js";

/** A table of `batches` batches of 10 rows with ids 0.. in order. */
function batchedTable(batches: number): Table {
  const parts: RecordBatch[] = [];
  for (let b = 0; b < batches; b++) parts.push(...tableFromArrays({ id: Int32Array.from({ length: 10 }, (_, i) => b * 10 + i) }).batches);
  return new Table(parts);
}

async function idsOf(source: ReturnType<typeof tableSource> | ReturnType<typeof shardSource>, partition?: { index: number; count: number }): Promise<number[]> {
  const ids: number[] = [];
  for await (const b of source.scan({ columns: null, filter: null, ...(partition ? { partition } : {}) })) ids.push(...b.getChild("id")!.toArray());
  return ids;
}

describe("shardSource", () => {
  it("N shards are disjoint and cover every row once, also when a backend splits each shard further", async () => {
    const source = tableSource(batchedTable(7));
    for (const count of [1, 2, 3, 4]) {
      const seen: number[] = [];
      for (let index = 0; index < count; index++) {
        const shard = shardSource(source, { index, count });
        for (let p = 0; p < 2; p++) seen.push(...(await idsOf(shard, { index: p, count: 2 })));
      }
      expect(seen.sort((a, b) => a - b)).toEqual(Array.from({ length: 70 }, (_, i) => i));
    }
  });

  it("keeps the source's schema, and a fingerprint per shard", () => {
    const source = tableSource(batchedTable(2));
    const a = shardSource(source, { index: 0, count: 2 });
    const b = shardSource(source, { index: 1, count: 2 });
    expect(a.schema).toEqual(source.schema);
    expect(a.fingerprint()).not.toBe(b.fingerprint());
    expect(a.fingerprint()).toContain(source.fingerprint());
  });

  it("refuses a share outside 0 ≤ index < count", () => {
    const source = tableSource(batchedTable(1));
    expect(() => shardSource(source, { index: 2, count: 2 })).toThrow(/share 2 of 2/);
    expect(() => shardSource(source, { index: 0, count: 0 })).toThrow(RangeError);
  });
});

describe("mpiWorldFromEnv", () => {
  it("reads Open MPI's and PMI's variables, and is undefined outside a launcher", () => {
    expect(mpiWorldFromEnv({ OMPI_COMM_WORLD_RANK: "1", OMPI_COMM_WORLD_SIZE: "4" })).toEqual({ rank: 1, size: 4 });
    expect(mpiWorldFromEnv({ PMI_RANK: "0", PMI_SIZE: "2" })).toEqual({ rank: 0, size: 2 });
    expect(mpiWorldFromEnv({})).toBeUndefined();
  });

  it("names the variables when they are inconsistent", () => {
    expect(() => mpiWorldFromEnv({ OMPI_COMM_WORLD_RANK: "4", OMPI_COMM_WORLD_SIZE: "4" })).toThrow(/OMPI_COMM_WORLD_RANK=4, OMPI_COMM_WORLD_SIZE=4/);
  });
});
