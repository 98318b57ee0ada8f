import { executePlanLocally } from "@datajax/backend-local";
import { JoinNode, ScanNode, SortNode, t, type JoinHow } from "@datajax/core-ir";
import { tableSource } from "@datajax/runtime";
import { describe, expect, it } from "vitest";
import { HashJoinTable } from "../src/kernels/hash-join.js";
import type { NativeColumn } from "../src/kernels/native-column.js";
import { sortPermutation, sortPermutationAsync } from "../src/kernels/sort-permutation.js";
import { columnsOf, makeBatch, runLocally, sameValue, valueAt, type ColumnSpec } from "./kernels-fixtures.js";

const int = (r: () => number, lo: number, hi: number) => lo + Math.floor(r() * (hi - lo + 1));

const LEFT: ColumnSpec[] = [
  { name: "lid", type: t.int32, draw: (_r, i) => i },
  { name: "k", type: t.int32, nullRate: 0.05, draw: (r) => (r() < 0.3 ? 5 : int(r, 0, 60)) },
  { name: "f", type: t.float64, nullRate: 0.05, draw: (r) => [0, -0, 1.5, Number.NaN, 2][int(r, 0, 4)]! },
];
const RIGHT: ColumnSpec[] = [
  { name: "rid", type: t.int32, draw: (_r, i) => i },
  { name: "rk", type: t.int64, nullRate: 0.05, draw: (r) => int(r, 0, 80) }, // duplicates, and keys the left lacks
  { name: "rf", type: t.float64, nullRate: 0.05, draw: (r) => [0, -0, 1.5, Number.NaN, 3][int(r, 0, 4)]! },
];

describe("native hash join", () => {
  const left = makeBatch(LEFT, 3000, 21);
  const right = makeBatch(RIGHT, 400, 22);

  async function compare(how: JoinHow, leftOn: string[], rightOn: string[]): Promise<void> {
    const ls = ScanNode.create({ kind: "argument", name: "l", uri: "arg:0", slot: 0 }, left.schema);
    const rs = ScanNode.create({ kind: "argument", name: "r", uri: "arg:1", slot: 1 }, right.schema);
    const out = await executePlanLocally(JoinNode.create(ls, rs, how, leftOn, rightOn), [tableSource(left.table, "l"), tableSource(right.table, "r")]);
    const local = columnsOf(out);
    const names = out.schema.fields.map((f) => f.name);
    const keyOf = (side: typeof left, names: string[]) => names.map((n) => side.columns[side.schema.fields.findIndex((f) => f.name === n)]!);
    const join = new HashJoinTable(keyOf(right, rightOn).map((c) => c.type), keyOf(left, leftOn).map((c) => c.type));
    // Build in two batches: build row numbers continue.
    const rk = keyOf(right, rightOn);
    const half = 200;
    join.build(rk.map((c) => cut(c, 0, half)), half);
    join.build(rk.map((c) => cut(c, half, 400)), 400 - half);
    const m = join.probe(keyOf(left, leftOn), 3000, how);
    let li = Array.from(m.left);
    let ri = m.right ? Array.from(m.right) : null;
    if (how === "right" || how === "full") {
      const unmatched = Array.from(join.unmatchedBuildRows());
      li = [...li, ...unmatched.map(() => -1)];
      ri = [...ri!, ...unmatched];
    }
    const lid = local[names.indexOf("lid")]!;
    expect(li.length, `${how}: output rows`).toBe(lid.length);
    expect(li.length).toBeGreaterThan(0);
    const expectedLid = Array.from({ length: lid.length }, (_x, i) => valueAt(lid, i));
    expect(li.map((x) => (x < 0 ? null : x))).toEqual(expectedLid);
    if (ri) {
      const rid = local[names.indexOf("rid")]!;
      expect(ri.map((x) => (x < 0 ? null : x))).toEqual(Array.from({ length: rid.length }, (_x, i) => valueAt(rid, i)));
    }
  }

  for (const how of ["inner", "left", "right", "full", "semi", "anti"] as const) {
    it(`${how} join on an int32 = int64 key with duplicates and null keys matches the local backend`, async () => {
      await compare(how, ["k"], ["rk"]);
    });
  }

  it("joins on two keys, one float with NaN and -0", async () => {
    await compare("inner", ["k", "f"], ["rk", "rf"]);
    await compare("left", ["f"], ["rf"]);
  });

  it("a null key never matches, not even a null", () => {
    const key = (vals: number[], nulls: number[]): NativeColumn => {
      const validity = new Uint8Array(1);
      vals.forEach((_v, i) => { if (!nulls.includes(i)) validity[0]! |= 1 << i; });
      return { type: t.int32, length: vals.length, values: Int32Array.from(vals), validity };
    };
    const join = new HashJoinTable([t.int32], [t.int32]);
    join.build([key([1, 0, 2], [1])], 3);
    const m = join.probe([key([0, 2, 1], [0])], 3, "left");
    expect(Array.from(m.left)).toEqual([0, 1, 2]);
    expect(Array.from(m.right!)).toEqual([-1, 2, 0]);
    expect(Array.from(join.unmatchedBuildRows())).toEqual([1]);
  });

  it("a build side with one row per key writes right into the caller's scratch array (no allocation per probe)", () => {
    const col = (vals: number[]): NativeColumn => ({ type: t.int32, length: vals.length, values: Int32Array.from(vals), validity: null });
    const join = new HashJoinTable([t.int32], [t.int32]);
    join.build([col([10, 20, 30])], 3);
    const scratch = new Int32Array(8).fill(99);
    const first = join.probe([col([30, 10, 10, 20])], 4, "inner", scratch);
    expect(first.everyRowOnce).toBe(true);
    expect(first.pairs).toBe(4);
    expect(first.right!.buffer).toBe(scratch.buffer);
    expect(Array.from(first.right!)).toEqual([2, 0, 0, 1]);
    expect(Array.from(first.left)).toEqual([0, 1, 2, 3]); // built on demand
    const second = join.probe([col([20, 77])], 2, "left", scratch);
    expect(Array.from(second.right!)).toEqual([1, -1]);
    expect(Array.from(scratch.subarray(0, 2))).toEqual([1, -1]);
    // Without a scratch, or one too short, a new array as before.
    expect(join.probe([col([20, 10])], 2, "inner").right!.buffer).not.toBe(scratch.buffer);
    expect(join.probe(Array.from({ length: 1 }, () => col(Array.from({ length: 9 }, () => 10))), 9, "inner", scratch).right!.buffer).not.toBe(scratch.buffer);
  });
});

function cut(c: NativeColumn, s: number, e: number): NativeColumn {
  return { type: c.type, length: e - s, values: c.values.subarray(s, e), validity: c.validity ? c.validity.subarray(s >> 3, (e + 7) >> 3) : null };
}

const SORT: ColumnSpec[] = [
  { name: "id", type: t.int32, draw: (_r, i) => i },
  { name: "a", type: t.int16, nullRate: 0.1, draw: (r) => int(r, -3, 3) },
  { name: "d", type: t.date32, nullRate: 0.05, draw: (r) => int(r, 100, 110) },
  { name: "b", type: t.bool, nullRate: 0.1, draw: (r) => r() < 0.5 },
  { name: "x", type: t.float64, draw: (r) => [0, -0, 1.5, -2, Infinity, -Infinity][int(r, 0, 5)]! },
  { name: "u", type: t.uint64, draw: (r) => int(r, 0, 5) },
  { name: "n", type: t.float32, nullRate: 0.1, draw: (r) => (r() < 0.2 ? Number.NaN : Math.fround(int(r, -5, 5) / 2)) },
  { name: "big", type: t.int64, draw: (r) => (r() < 0.5 ? -(2 ** 62) : 2 ** 62) },
];

describe("native sort", () => {
  const { columns, schema, table } = makeBatch(SORT, 4000, 31);
  const at = (name: string) => columns[SORT.findIndex((s) => s.name === name)]!;

  const cases: { keys: { column: string; descending: boolean; nullsLast: boolean }[] }[] = [
    { keys: [{ column: "a", descending: false, nullsLast: true }] },
    { keys: [{ column: "a", descending: true, nullsLast: false }, { column: "d", descending: false, nullsLast: true }] },
    { keys: [{ column: "b", descending: true, nullsLast: true }, { column: "x", descending: false, nullsLast: true }, { column: "u", descending: true, nullsLast: true }] },
    { keys: [{ column: "x", descending: true, nullsLast: true }, { column: "big", descending: false, nullsLast: true }] },
  ];
  for (const c of cases) {
    it(`is stable and orders like the local backend by ${c.keys.map((k) => `${k.column}${k.descending ? " desc" : ""}${k.nullsLast ? "" : " nulls first"}`).join(", ")}`, async () => {
      const local = columnsOf(await runLocally(table, schema, (scan) => SortNode.create(scan, c.keys)));
      const perm = sortPermutation(c.keys.map((k) => ({ column: at(k.column), descending: k.descending, nullsLast: k.nullsLast })), 4000);
      expect(Array.from(perm)).toEqual(Array.from(local[0]!.values as Int32Array));
    });
  }

  it("puts NaN above every number (first when descending) and nulls where asked", async () => {
    for (const descending of [false, true]) {
      for (const nullsLast of [false, true]) {
        const keys = [{ column: "n", descending, nullsLast }];
        const local = columnsOf(await runLocally(table, schema, (scan) => SortNode.create(scan, keys)));
        const perm = sortPermutation([{ column: at("n"), descending, nullsLast }], 4000);
        const expected = local[SORT.findIndex((s) => s.name === "n")]!;
        for (let i = 0; i < 4000; i++) {
          const v = valueAt(at("n"), perm[i]!);
          if (!sameValue(v, valueAt(expected, i))) expect.fail(`row ${i}: ${v} vs local ${valueAt(expected, i)} (descending ${descending}, nullsLast ${nullsLast})`);
        }
      }
    }
  });

  it("sorts no rows", () => {
    expect(sortPermutation([{ column: { ...at("a"), length: 0 }, descending: false, nullsLast: true }], 0).length).toBe(0);
  });

  it("sortPermutationAsync gives the same permutation as sortPermutation, for every key shape", async () => {
    for (const c of cases) {
      const keys = c.keys.map((k) => ({ column: at(k.column), descending: k.descending, nullsLast: k.nullsLast }));
      expect(Array.from(await sortPermutationAsync(keys, 4000))).toEqual(Array.from(sortPermutation(keys, 4000)));
    }
    expect((await sortPermutationAsync([{ column: { ...at("a"), length: 0 }, descending: false, nullsLast: true }], 0)).length).toBe(0);
  });

  it("sortPermutationAsync leaves the event loop running: timers fire while 3M rows are sorted", async () => {
    const rows = 3_000_000;
    const values = Float64Array.from({ length: rows }, (_v, i) => ((i * 2654435761) % 2 ** 32) / 2 ** 32);
    const key = [{ column: { type: t.float64, length: rows, values, validity: null }, descending: false, nullsLast: true }];
    const started = performance.now();
    let ticks = 0;
    const timer = setInterval(() => ticks++, 1);
    const syncTicksBefore = ticks;
    sortPermutation(key, rows); // holds the thread: no tick can happen inside it
    const syncTicks = ticks - syncTicksBefore;
    const syncMs = performance.now() - started;
    const perm = await sortPermutationAsync(key, rows);
    clearInterval(timer);
    expect(syncTicks).toBe(0);
    expect(syncMs).toBeGreaterThan(20); // a sort long enough that blocking would show
    expect(ticks).toBeGreaterThan(3);
    for (let i = 1; i < rows; i += 997) expect(values[perm[i]!]! >= values[perm[i - 1]!]!).toBe(true);
  });
});
