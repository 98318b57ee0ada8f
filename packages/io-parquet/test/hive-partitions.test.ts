import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as arrow from "apache-arrow";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Expr, formatSchema, t } from "@datajax/core-ir";
import { readParquet, writeParquet } from "../src/index.js";
import { newCounters, scanToTable } from "./scan-to-table.js";

let root: string;
const trips = (n: number, base: number) =>
  new arrow.Table({ id: arrow.vectorFromArray(Array.from({ length: n }, (_, i) => base + i), new arrow.Int32()), fare: arrow.vectorFromArray(Array.from({ length: n }, (_, i) => i * 1.5), new arrow.Float64()) });

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), "djx-hive-"));
  let base = 0;
  for (const zone of [7, 12]) {
    for (const day of ["2024-01-01", "2024-01-02", "__HIVE_DEFAULT_PARTITION__"]) {
      const dir = join(root, `zone=${zone}`, `day=${day}`);
      mkdirSync(dir, { recursive: true });
      await writeParquet(trips(10, base), join(dir, "part-0.parquet"));
      base += 10;
    }
  }
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe("hive-style partitioned folders", () => {
  it("key=value folders become columns: int32 when every value is an integer, else utf8; the Hive null is null", async () => {
    const source = await readParquet(root);
    expect(formatSchema(source.schema)).toBe("{id:int32?, fare:float64?, zone:int32, day:utf8?}");
    const table = await scanToTable(source);
    expect(table.numRows).toBe(60);
    const rows = table.toArray().map((r) => [r.id, r.zone, r.day]);
    expect(rows).toContainEqual([0, 7, "2024-01-01"]);
    expect(rows).toContainEqual([59, 12, null]);
    expect(new Set(rows.filter((r) => (r[0] as number) >= 30).map((r) => r[1]))).toEqual(new Set([12]));
  });

  it("a filter on partition columns skips whole files; projections may read partition columns alone", async () => {
    const source = await readParquet(root);
    const counters = newCounters();
    const filter = Expr.call("and", [Expr.call("eq", [Expr.column("zone"), Expr.literal(12, t.int32)]), Expr.call("eq", [Expr.column("day"), Expr.literal("2024-01-02", t.utf8())])]);
    const kept = await scanToTable(source, { columns: ["id", "day"], filter }, counters);
    expect(counters.unitsSkipped).toBe(5);
    expect(kept.numRows).toBe(10);
    expect(kept.toArray().every((r) => r.day === "2024-01-02")).toBe(true);
    const zones = await scanToTable(source, { columns: ["zone"] });
    expect(zones.numRows).toBe(60);
    expect(zones.schema.fields.map((f) => f.name)).toEqual(["zone"]);
  });

  it("a glob over the partition folders keeps the partition columns", async () => {
    const source = await readParquet(join(root, "zone=*", "day=2024-*", "*.parquet"));
    expect(formatSchema(source.schema)).toBe("{id:int32?, fare:float64?, zone:int32, day:utf8}");
    expect((await scanToTable(source)).numRows).toBe(40);
  });

  it("files in differently named partition folders are refused, naming the file", async () => {
    const odd = join(root, "odd");
    mkdirSync(join(odd, "a=1"), { recursive: true });
    mkdirSync(join(odd, "b=2"), { recursive: true });
    await writeParquet(trips(1, 0), join(odd, "a=1", "x.parquet"));
    await writeParquet(trips(1, 0), join(odd, "b=2", "x.parquet"));
    await expect(readParquet(odd)).rejects.toThrow(/b=2\/x\.parquet sits in partition folders \[b\], but .*a=1\/x\.parquet in \[a\]/);
    rmSync(odd, { recursive: true, force: true });
  });
});
