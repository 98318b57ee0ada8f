import { describe, it, expect, beforeAll, afterAll } from "vitest";
import type * as arrow from "apache-arrow";
import { DuckDBInstance, type DuckDBConnection } from "@duckdb/node-api";
import { AggregateNode, Expr, FilterNode, GroupByNode, JoinNode, LimitNode, MapNode, ScanNode, SortNode, fromArrowSchema, t, type PlanNode } from "@datajax/core-ir";
import { floats, ints, strings, dictStrings, tableOf } from "./arrow-vectors.js";
import { call, col, inBatches, lit, run, scanOf } from "./plan-fixtures.js";

/** A seeded generator, so a failure reproduces. */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => { s = (Math.imul(s ^ (s >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) >>> 0; return s / 4294967296; };
}

const N = 4000;
const rnd = random(42);
const maybe = <T,>(v: T, pNull = 0.1): T | null => (rnd() < pNull ? null : v);
const k = Array.from({ length: N }, () => maybe(Math.floor(rnd() * 40) - 10));
const g = Array.from({ length: N }, () => maybe(["red", "green", "blue", "é", "teal"][Math.floor(rnd() * 5)]!));
const x = Array.from({ length: N }, () => maybe(Math.round((rnd() * 200 - 60) * 1000) / 1000));
const y = Array.from({ length: N }, () => maybe(Math.floor(rnd() * 21) - 10));
const data = inBatches(tableOf({ k: ints(k), g: strings(g), d: dictStrings(g), x: floats(x), y: ints(y) }), 512);

let db: DuckDBInstance;
let con: DuckDBConnection;
beforeAll(async () => {
  db = await DuckDBInstance.create(":memory:");
  con = await db.connect();
  await con.run("CREATE TABLE t (k INTEGER, g VARCHAR, x DOUBLE, y INTEGER)");
  const sql = (v: unknown) => (v === null ? "NULL" : typeof v === "string" ? `'${v}'` : String(v));
  const values = k.map((_v, i) => `(${sql(k[i])}, ${sql(g[i])}, ${sql(x[i])}, ${sql(y[i])})`).join(",");
  await con.run(`INSERT INTO t VALUES ${values}`);
});
afterAll(() => { con?.closeSync(); });

async function duck(sqlText: string): Promise<Record<string, unknown>[]> {
  const r = await con.runAndReadAll(sqlText);
  return r.getRowObjects().map((row) => Object.fromEntries(Object.entries(row).map(([key, v]) => [key, typeof v === "bigint" ? Number(v) : v])));
}

/** Rows equal: integers and strings exactly, floats within 1e-9 relative. */
function expectSameRows(got: Record<string, unknown>[], want: Record<string, unknown>[]): void {
  expect(got.length).toBe(want.length);
  got.forEach((row, i) => {
    for (const [key, w] of Object.entries(want[i]!)) {
      const v = row[key];
      if (typeof w === "number" && !Number.isInteger(w)) {
        expect(typeof v, `${key} at row ${i}`).toBe("number");
        expect(Math.abs((v as number) - w) <= 1e-9 * Math.max(1, Math.abs(w)), `${key} at row ${i}: ${String(v)} vs ${w}`).toBe(true);
      } else expect(v, `${key} at row ${i}`).toEqual(w);
    }
  });
}

const sortRows = (rows: Record<string, unknown>[], keys: string[]) =>
  [...rows].sort((a, b) => { for (const key of keys) { const p = String(a[key]); const q = String(b[key]); if (p !== q) return p < q ? -1 : 1; } return 0; });

const scan = (): ScanNode => scanOf(data);

describe("against DuckDB on random data with nulls", () => {
  it("filter + derived columns + group-by with every aggregate", async () => {
    const f = FilterNode.create(scan(), call("or", call("gt", col("x"), lit(-20, t.float64)), call("is_null", col("y"))));
    const m = MapNode.create(f, [{ name: "z", expr: call("add", col("y"), col("x")) }]);
    const a = (fn: Parameters<typeof Expr.aggregate>[0], c: string | null) => Expr.aggregate(fn, c === null ? null : col(c));
    const plan = AggregateNode.create(GroupByNode.create(m, ["k", "d"]), [
      { name: "n", agg: a("count", null) }, { name: "nx", agg: a("count", "x") }, { name: "sx", agg: a("sum", "x") },
      { name: "sy", agg: a("sum", "y") }, { name: "mz", agg: a("mean", "z") }, { name: "lo", agg: a("min", "y") },
      { name: "hi", agg: a("max", "x") }, { name: "v", agg: a("var", "x") }, { name: "s", agg: a("std", "z") },
      { name: "cd", agg: a("count_distinct", "y") }, { name: "gmin", agg: a("min", "g") },
    ]);
    const ours = sortRows(await run(plan, data), ["k", "d"]);
    const theirs = sortRows(await duck(`SELECT k, g AS d, count(*) AS n, count(x) AS nx, sum(x) AS sx, sum(y) AS sy, avg(y + x) AS mz, min(y) AS lo, max(x) AS hi,
      var_samp(x) AS v, stddev_samp(y + x) AS s, count(DISTINCT y) AS cd, min(g) AS gmin FROM t WHERE x > -20 OR y IS NULL GROUP BY k, g`), ["k", "d"]);
    expectSameRows(ours, theirs);
  });

  it("fused filter + aggregate loops (selection vector): null predicates, two filters, global and int-keyed, keys outside the first batch's range", async () => {
    // x > 5 is null where x is null (the row is dropped); the second filter runs on kept rows only.
    const filtered = FilterNode.create(FilterNode.create(scan(), call("gt", col("x"), lit(5, t.float64))), call("neq", col("y"), lit(0, t.int32)));
    const derived = MapNode.create(filtered, [{ name: "r", expr: call("div", col("x"), col("y")) }]);
    const global = AggregateNode.create(derived, [
      { name: "n", agg: Expr.aggregate("count", null) }, { name: "sr", agg: Expr.aggregate("sum", col("r")) }, { name: "my", agg: Expr.aggregate("mean", col("y")) },
    ]);
    expectSameRows(await run(global, data), await duck("SELECT count(*) AS n, sum(x / y) AS sr, avg(y) AS my FROM t WHERE x > 5 AND y <> 0"));
    // k spans -10..29 with nulls: later batches widen the dense key range (rows deferred, then merged).
    const grouped = AggregateNode.create(GroupByNode.create(derived, ["k"]), [{ name: "n", agg: Expr.aggregate("count", null) }, { name: "sr", agg: Expr.aggregate("sum", col("r")) }]);
    expectSameRows(sortRows(await run(grouped, data), ["k"]), sortRows(await duck("SELECT k, count(*) AS n, sum(x / y) AS sr FROM t WHERE x > 5 AND y <> 0 GROUP BY k"), ["k"]));
  });

  it("arithmetic with floor division, modulo, Kleene logic and if_else", async () => {
    const m = MapNode.create(scan(), [
      { name: "q", expr: call("floordiv", col("y"), lit(3, t.int32)) },
      { name: "r", expr: call("mod", col("y"), col("k")) },
      { name: "b", expr: call("and", call("gt", col("x"), lit(0, t.float64)), call("lt", col("y"), lit(0, t.int32))) },
      { name: "c", expr: Expr.call("if_else", [call("gt", col("x"), lit(50, t.float64)), col("y"), col("x")]) },
    ]);
    const ours = await run(m, data);
    const theirs = await duck(`SELECT CAST(floor(y / 3.0) AS INTEGER) AS q, CASE WHEN k = 0 THEN NULL ELSE CAST(y - k * floor(y / k::DOUBLE) AS INTEGER) END AS r,
      (x > 0 AND y < 0) AS b, CASE WHEN x > 50 THEN y ELSE x END AS c FROM t`);
    expectSameRows(ours, theirs);
  });

  it("joins an aggregate back to the table (left) and sorts + limits", async () => {
    const agg = AggregateNode.create(GroupByNode.create(scan(), ["g"]), [{ name: "mx", agg: Expr.aggregate("mean", col("x")) }]);
    const aggScan = ScanNode.create({ kind: "argument", name: "a", uri: "memory:a", slot: 1 }, agg.schema);
    const aggTable = await import("../src/index.js").then((mod) => mod.executePlanLocally(agg, [mod.arrowTableSource("t", data)]));
    const join = JoinNode.create(scan(), aggScan, "left", ["g"]);
    const sorted = LimitNode.create(SortNode.create(join, [{ column: "mx", descending: true, nullsLast: true }, { column: "x", descending: false, nullsLast: true }, { column: "k", descending: false, nullsLast: true }, { column: "y", descending: false, nullsLast: true }]), 50, 7);
    const ours = await run(sorted as PlanNode, data, aggTable as arrow.Table);
    const theirs = await duck(`SELECT t.k, t.g, t.x, t.y, a.mx FROM t LEFT JOIN (SELECT g, avg(x) AS mx FROM t GROUP BY g) a ON t.g = a.g
      ORDER BY a.mx DESC NULLS LAST, t.x ASC NULLS LAST, t.k ASC NULLS LAST, t.y ASC NULLS LAST LIMIT 50 OFFSET 7`);
    expectSameRows(ours.map(({ d: _d, ...r }) => r), theirs);
    void fromArrowSchema;
  });
});
