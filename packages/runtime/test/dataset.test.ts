import { Bool, Float64, Int32, Int64, type RecordBatch, Table, TimestampMicrosecond, Utf8, vectorFromArray } from "apache-arrow";
import { describe, expect, it } from "vitest";
import { dataset, type BatchOptions } from "../src/index.js";

const N = 1000;
/** Rows with an id, in 7 batches of uneven size, every column type the gather copies, nulls included. */
function rows(): Table {
  const ids = Array.from({ length: N }, (_, i) => i);
  const whole = new Table({
    id: vectorFromArray(ids, new Int32()),
    big: vectorFromArray(ids.map((i) => BigInt(i) * 10_000_000_019n), new Int64()),
    x: vectorFromArray(ids.map((i) => (i % 9 === 0 ? null : i / 8)), new Float64()),
    s: vectorFromArray(ids.map((i) => (i % 7 === 0 ? null : `row-${i}-${"é".repeat(i % 3)}`)), new Utf8()),
    flag: vectorFromArray(ids.map((i) => (i % 11 === 0 ? null : i % 3 === 0)), new Bool()),
    at: vectorFromArray(ids.map((i) => new Date(Date.UTC(2024, 0, 1) + i * 1000)), new TimestampMicrosecond()),
  });
  const cuts = [0, 90, 333, 334, 500, 777, 900, N];
  return new Table(cuts.slice(1).map((end, k) => whole.slice(cuts[k]!, end)).flatMap((t) => t.batches));
}

async function collect(options: BatchOptions, source = rows()): Promise<RecordBatch[]> {
  const out: RecordBatch[] = [];
  for await (const b of dataset(source).batches(options)) out.push(b);
  return out;
}
const idsOf = (batches: RecordBatch[]) => batches.flatMap((b) => Array.from(b.getChild("id")!.toArray() as Int32Array));
const json = (x: unknown) => JSON.stringify(x, (_k, v) => (typeof v === "bigint" ? v.toString() : v));

describe("dataset.batches", () => {
  it("hands out fixed-size batches in order, the last one short unless dropLast", async () => {
    const batches = await collect({ batchSize: 128 });
    expect(batches.map((b) => b.numRows)).toEqual([128, 128, 128, 128, 128, 128, 128, 104]);
    expect(idsOf(batches)).toEqual(Array.from({ length: N }, (_, i) => i));
    expect((await collect({ batchSize: 128, dropLast: true })).map((b) => b.numRows)).toEqual([128, 128, 128, 128, 128, 128, 128]);
  });

  it("copies every column exactly (nulls, strings, 64-bit values, booleans, timestamps)", async () => {
    const source = rows();
    const byId = new Map(source.toArray().map((r) => [r.id as number, json(r.toJSON())]));
    for (const b of await collect({ batchSize: 97, shuffleBuffer: 300, seed: 3 }, source)) {
      for (const r of new Table([b]).toArray()) expect(json(r.toJSON())).toBe(byId.get(r.id as number));
    }
  });

  it("shuffles with a seed: every row once, deterministic, reshuffled each epoch unless told not to", async () => {
    const a = idsOf(await collect({ batchSize: 64, shuffleBuffer: 256, seed: 11 }));
    expect([...a].sort((x, y) => x - y)).toEqual(Array.from({ length: N }, (_, i) => i));
    expect(a).not.toEqual(Array.from({ length: N }, (_, i) => i));
    expect(idsOf(await collect({ batchSize: 64, shuffleBuffer: 256, seed: 11 }))).toEqual(a);
    expect(idsOf(await collect({ batchSize: 64, shuffleBuffer: 256, seed: 12 }))).not.toEqual(a);
    const two = idsOf(await collect({ batchSize: 100, shuffleBuffer: 256, seed: 5, epochs: 2 }));
    expect(two.slice(0, N)).not.toEqual(two.slice(N));
    expect([...two.slice(N)].sort((x, y) => x - y)).toEqual(Array.from({ length: N }, (_, i) => i));
    const same = idsOf(await collect({ batchSize: 100, shuffleBuffer: 256, seed: 5, epochs: 2, reshuffleEachEpoch: false }));
    expect(same.slice(0, N)).toEqual(same.slice(N));
  });

  it("shards by source units: across shards each epoch sees every row exactly once", async () => {
    for (const count of [2, 3, 7]) {
      const seen: number[] = [];
      for (let index = 0; index < count; index++) seen.push(...idsOf(await collect({ batchSize: 50, shuffleBuffer: 100, seed: index, shard: { index, count }, epochs: 3 })));
      const counts = new Map<number, number>();
      for (const id of seen) counts.set(id, (counts.get(id) ?? 0) + 1);
      expect(counts.size).toBe(N);
      expect([...counts.values()].every((c) => c === 3)).toBe(true);
    }
  });

  it("refuses bad options with what to pass", async () => {
    await expect(collect({ batchSize: 0 })).rejects.toThrow(/batchSize must be a positive integer, got 0/);
    await expect(collect({ batchSize: 8, shard: { index: 3, count: 3 } })).rejects.toThrow(/shard must be \{ index, count \} with 0 <= index < count/);
    await expect(collect({ batchSize: 8, shuffleBuffer: -1 })).rejects.toThrow(/shuffleBuffer must be a non-negative integer/);
  });
});
