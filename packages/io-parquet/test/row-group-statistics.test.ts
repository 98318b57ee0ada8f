import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as arrow from "apache-arrow";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { Expr, t } from "@datajax/core-ir";
import { readParquet, writeParquet } from "../src/index.js";
import { newCounters, scanToTable } from "./scan-to-table.js";

let dir: string;
let path: string;
const N = 4000;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "djx-stats-"));
  path = join(dir, "stats.parquet");
  const ts = BigInt64Array.from({ length: N }, (_, i) => 1_704_067_200_000_000n + BigInt(i) * 1_000_000n);
  await writeParquet(
    new arrow.Table({
      id: arrow.makeVector(Int32Array.from({ length: N }, (_, i) => i)),
      fare: arrow.makeVector(Float64Array.from({ length: N }, (_, i) => i - 500.5)),
      ts: arrow.makeVector({ type: new arrow.TimestampMicrosecond(), length: N, data: ts }),
      // null in the first row group only, all null in the last
      tip: arrow.vectorFromArray(Array.from({ length: N }, (_, i) => (i < 1000 ? (i % 2 ? null : i) : i >= 3000 ? null : i)), new arrow.Float64()),
      zone: arrow.vectorFromArray(Array.from({ length: N }, (_, i) => `z${String(Math.floor(i / 1000))}`), new arrow.Utf8()),
    }),
    path,
    { rowGroupSize: 1000 },
  );
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const col = Expr.column;
const lit = (v: number) => Expr.literal(v, t.float64);
const i32 = (v: number) => Expr.literal(v, t.int32);

describe("statistics()", () => {
  test("min/max/null counts over all row groups, in column types", async () => {
    const stats = (await readParquet(path)).statistics();
    expect(stats.get("id")).toEqual({ min: 0, max: N - 1, nullCount: 0 });
    expect(stats.get("fare")).toEqual({ min: -500.5, max: N - 1 - 500.5, nullCount: 0 });
    expect(stats.get("ts")).toEqual({ min: 1_704_067_200_000_000n, max: 1_704_067_200_000_000n + BigInt(N - 1) * 1_000_000n, nullCount: 0 });
    expect(stats.get("tip")).toEqual({ nullCount: 1500 }); // the all-null group has no bounds, so neither has the whole
    expect(stats.get("zone")).toEqual({ min: "z0", max: "z3", nullCount: 0 });
  });

  test("per row group statistics are exposed on the units", async () => {
    const source = await readParquet(path);
    expect(source.rowGroups.map((g) => g.statistics.get("id"))).toEqual([0, 1, 2, 3].map((k) => ({ min: k * 1000, max: k * 1000 + 999, nullCount: 0 })));
  });
});

describe("row-group pruning from the scan filter", () => {
  const cases: [string, Expr, number][] = [
    ["id > 2500 keeps groups 2 and 3", Expr.call("gt", [col("id"), i32(2500)]), 2],
    ["1500 >= id (flipped) keeps groups 0 and 1", Expr.call("gte", [i32(1500), col("id")]), 2],
    ["id == 1000 keeps group 1", Expr.call("eq", [col("id"), i32(1000)]), 1],
    ["fare > 0 and id < 1000 keeps group 0", Expr.call("and", [Expr.call("gt", [col("fare"), lit(0)]), Expr.call("lt", [col("id"), i32(1000)])]), 1],
    ["id < 10 or id > 3990 keeps groups 0 and 3", Expr.call("or", [Expr.call("lt", [col("id"), i32(10)]), Expr.call("gt", [col("id"), i32(3990)])]), 2],
    ["tip > 0 skips the all-null group", Expr.call("gt", [col("tip"), lit(0)]), 3],
    ["tip is null keeps groups with nulls", Expr.call("is_null", [col("tip")]), 2],
    ["zone == 'z2' keeps group 2", Expr.call("eq", [col("zone"), Expr.literal("z2", t.utf8())]), 1],
    ["an expression it cannot judge keeps everything", Expr.call("gt", [Expr.call("abs", [col("fare")]), lit(1e9)]), 4],
  ];
  for (const [name, filter, kept] of cases) {
    test(name, async () => {
      const source = await readParquet(path);
      const counters = newCounters();
      const table = await scanToTable(source, { filter }, counters);
      expect(counters.unitsTotal).toBe(4);
      expect(counters.unitsSkipped).toBe(4 - kept);
      expect(table.numRows).toBe(kept * 1000);
    });
  }
});
