import { describe, expect, it } from "vitest";
import { t, type DataType } from "@datajax/core-ir";
import { columnFromArrowData } from "../src/columns/arrow-import.js";
import type { Column } from "../src/columns/column.js";
import { GroupKeyTable } from "../src/hash/group-key-table.js";
import { floats, ints } from "./arrow-vectors.js";

/** A seeded generator, so a failure reproduces. */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => { s = (Math.imul(s ^ (s >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) >>> 0; return s / 4294967296; };
}

const intColumn = (v: (number | null)[]): Column => columnFromArrowData(ints(v).data[0]!, t.int32);
const floatColumn = (v: (number | null)[]): Column => columnFromArrowData(floats(v).data[0]!, t.float64);

/** Reference grouping: ids in first-seen order, over the key tuples as strings. */
function referenceIds(batches: (number | null)[][][], nullsMatch: boolean): number[][] {
  const seen = new Map<string, number>();
  return batches.map((cols) =>
    cols[0]!.map((_v, i) => {
      const tuple = cols.map((c) => c[i]!);
      if (!nullsMatch && tuple.some((x) => x === null)) return -1;
      const key = JSON.stringify(tuple);
      if (!seen.has(key)) seen.set(key, seen.size);
      return seen.get(key)!;
    }),
  );
}

/** Batches of `keys` integer columns whose ranges drift from batch to batch (so dense ranges grow). */
function driftingBatches(rnd: () => number, keys: number, batches: number, rows: number, spread: number): (number | null)[][][] {
  return Array.from({ length: batches }, (_b, b) =>
    Array.from({ length: keys }, (_k, k) => Array.from({ length: rows }, () => (rnd() < 0.05 ? null : Math.floor(rnd() * spread) - 5 * b + 3 * k))),
  );
}

function assignAll(table: GroupKeyTable, batches: (number | null)[][][], nullsMatch: boolean): number[][] {
  return batches.map((cols) => Array.from(table.assign(cols.map(intColumn), cols[0]!.length, nullsMatch)));
}

describe("GroupKeyTable", () => {
  for (const keys of [1, 2, 3]) {
    for (const nullsMatch of [true, false]) {
      it(`${keys} integer key(s), nulls ${nullsMatch ? "form a group" : "never match"}: ids in first-seen order across growing ranges`, () => {
        const batches = driftingBatches(random(keys * 7 + (nullsMatch ? 1 : 0)), keys, 6, 500, 30);
        const table = new GroupKeyTable(Array.from({ length: keys }, (): DataType => t.int32));
        expect(assignAll(table, batches, nullsMatch)).toEqual(referenceIds(batches, nullsMatch));
        const expectedGroups = new Set(batches.flatMap((cols) => cols[0]!.map((_v, i) => JSON.stringify(cols.map((c) => c[i]))).filter((s) => nullsMatch || !s.includes("null"))));
        expect(table.groupCount).toBe(expectedGroups.size);
        // Key columns come back in group-id order, nulls included.
        const keyCols = table.keyColumns();
        const tuples = Array.from({ length: table.groupCount }, (_g, g) => JSON.stringify(keyCols.map((c) => ((c.validity === null || (c.validity[g >> 3]! >> (g & 7)) & 1) ? (c.values as Int32Array)[g] : null))));
        expect(tuples).toEqual([...expectedGroups]);
      });
    }
  }

  it("a key range too wide for an array falls back to hashing, keeping the ids already given", () => {
    const table = new GroupKeyTable([t.int32, t.int32]);
    const first = [[1, 2, 1, null], [10, 10, 10, 3]];
    const wide = [[1, 5_000_000, 2], [10, -7, 10]];
    expect(Array.from(table.assign(first.map(intColumn), 4))).toEqual([0, 1, 0, 2]);
    expect(Array.from(table.assign(wide.map(intColumn), 3))).toEqual([0, 3, 1]);
    expect(table.groupCount).toBe(4);
  });

  it("lookup finds only inserted keys: out-of-range, fractional and null probes give -1", () => {
    const table = new GroupKeyTable([t.int32, t.int32]);
    table.assign([intColumn([1, 2, 3]), intColumn([5, 6, 7])], 3, false);
    const probe = [floatColumn([1, 2, 2.5, 3, 99, null, 3]), floatColumn([5, 6, 6, 8, 7, 7, 7])];
    expect(Array.from(table.lookup(probe, 7))).toEqual([0, 1, -1, -1, -1, -1, 2]);
    const one = new GroupKeyTable([t.int32]);
    one.assign([intColumn([4, 8, null])], 3, false);
    expect(Array.from(one.lookup([floatColumn([4, 8, 8.5, -1, 1e12, null])], 6))).toEqual([0, 1, -1, -1, -1, -1]);
  });
});
