import { describe, expect, it } from "vitest";
import { Float64, Table, tableFromArrays, TimestampMillisecond, vectorFromArray } from "apache-arrow";
import { AggregateNode, CustomUdfNode, Expr, FilterNode, GroupByNode, LimitNode, MapNode, SortNode, field, schema, t, type DataType, type Expr as IrExpr, type PlanNode } from "@datajax/core-ir";
import { CompiledStageCache, Executor, tableSource, UnsupportedStageError } from "@datajax/runtime";
import { argumentScan, singleStage, tableRows } from "@datajax/runtime/testing";
import { DuckDbBackend, DuckDbUnsupportedError } from "../src/index.js";

const backend = new DuckDbBackend({ threads: 1 });
const col = (name: string) => Expr.column(name);
const lit = (value: number | string | null, type: DataType) => Expr.literal(value, type);
const call = (op: Parameters<typeof Expr.call>[0], ...args: IrExpr[]) => Expr.call(op, args);

async function run(input: Table, build: (scan: PlanNode) => PlanNode) {
  const graph = singleStage(build(argumentScan(0, input)));
  const { table } = await new Executor(backend, { cache: new CompiledStageCache() }).run(graph, { arguments: new Map([[0, tableSource(input, "arg0")]]) });
  return { rows: tableRows(table), table, graph };
}
/** The values of `expr` over `input`, one per row, in input order. */
async function values(input: Table, expr: IrExpr): Promise<unknown[]> {
  const { rows } = await run(input, (scan) => MapNode.create(scan, [{ name: "out", expr }]));
  return rows.map((r) => r.out);
}

describe("generated SQL keeps DESIGN.md's semantics where DuckDB's differ", () => {
  it("wraps ≤ 32-bit integer arithmetic at its width (DuckDB raises an overflow error)", async () => {
    const input = tableFromArrays({ a: Int32Array.from([2147483647, -2147483648]), b: Int8Array.from([100, -100]) });
    expect(await values(input, call("add", col("a"), lit(1, t.int32)))).toEqual([-2147483648, -2147483647]);
    expect(await values(input, call("mul", col("b"), lit(3, t.int8)))).toEqual([44, -44]);
    expect(await values(input, call("neg", col("a")))).toEqual([-2147483647, -2147483648]);
  });

  it("floors integer division and takes the divisor's sign for modulo; by zero gives null", async () => {
    const input = tableFromArrays({ a: Int32Array.from([-7, 7, 5]), b: Int32Array.from([2, -2, 0]) });
    expect(await values(input, call("floordiv", col("a"), col("b")))).toEqual([-4, -4, null]);
    expect(await values(input, call("mod", col("a"), col("b")))).toEqual([1, -1, null]);
  });

  it("follows IEEE for floats: division by zero, NaN comparisons, logarithms of 0 and negatives", async () => {
    const input = tableFromArrays({ x: Float64Array.from([1, -1, 0, NaN]) });
    expect(await values(input, call("div", col("x"), lit(0, t.float64)))).toEqual([Infinity, -Infinity, NaN, NaN]);
    expect(await values(input, call("gt", col("x"), lit(0.5, t.float64)))).toEqual([true, false, false, false]);
    expect(await values(input, call("neq", col("x"), col("x")))).toEqual([false, false, false, true]);
    expect(await values(input, call("log", col("x")))).toEqual([0, NaN, -Infinity, NaN]);
    expect(await values(input, call("sqrt", col("x")))).toEqual([1, NaN, 0, NaN]);
  });

  it("keeps null where a NaN guard would swallow it", async () => {
    const input = new Table({ x: vectorFromArray([null, 1.5], new Float64()) });
    expect(await values(input, call("eq", col("x"), lit(NaN, t.float64)))).toEqual([null, false]);
  });

  it("rounds half away from zero and casts floats to integers by truncation (out of range → null)", async () => {
    const input = tableFromArrays({ x: Float64Array.from([2.5, -2.5, 3.7, -3.7, 3e9]) });
    expect(await values(input, call("round", col("x")))).toEqual([3, -3, 4, -4, 3e9]);
    expect(await values(input, Expr.call("cast", [col("x")], { to: t.int32 }))).toEqual([2, -2, 3, -3, null]);
  });

  it("parses text like the reference: surrounding whitespace allowed, anything else null", async () => {
    const input = tableFromArrays({ s: [" 12 ", "+7", "1.5", "abc", "\u00a0 x \u3000"] });
    expect(await values(input, Expr.call("cast", [col("s")], { to: t.int32 }))).toEqual([12, 7, null, null, null]);
    expect(await values(input, Expr.call("cast", [col("s")], { to: t.float64 }))).toEqual([12, 7, 1.5, null, null]);
    expect(await values(input, call("trim", col("s")))).toEqual(["12", "+7", "1.5", "abc", "x"]);
    expect(await values(input, call("substring", col("s"), lit(-2, t.int32), lit(5, t.int32)))).toEqual(["2 ", "+7", ".5", "bc", " \u3000"]);
  });

  it("computes time parts and text of timestamps before 1970 by flooring (UTC)", async () => {
    const input = new Table({ ts: vectorFromArray([-1, 1_700_000_000_123], new TimestampMillisecond()) });
    expect(await values(input, call("hour", col("ts")))).toEqual([23, 22]);
    expect(await values(input, call("weekday", col("ts")))).toEqual([3, 2]);
    expect(await values(input, Expr.call("cast", [col("ts")], { to: t.utf8() }))).toEqual(["1969-12-31 23:59:59.999", "2023-11-14 22:13:20.123"]);
  });

  it("keeps input order for first/last (skipping nulls), per-group limits and stable sorts", async () => {
    const input = tableFromArrays({ k: ["a", "b", "a", "a", "b"], v: [null, 1, 2, 3, null] as (number | null)[], i: Int32Array.from([0, 1, 2, 3, 4]) });
    const grouped = await run(input, (scan) => AggregateNode.create(GroupByNode.create(scan, ["k"]), [
      { name: "f", agg: Expr.aggregate("first", col("v")) }, { name: "l", agg: Expr.aggregate("last", col("v")) },
    ]));
    expect(grouped.rows).toEqual([{ k: "a", f: 2, l: 3 }, { k: "b", f: 1, l: 1 }]);
    const limited = await run(input, (scan) => LimitNode.create(scan, 1, 1, ["k"]));
    expect(limited.rows.map((r) => r.i)).toEqual([2, 4]);
    const sorted = await run(input, (scan) => SortNode.create(scan, [{ column: "v", descending: true, nullsLast: true }]));
    expect(sorted.rows.map((r) => r.i)).toEqual([3, 2, 1, 0, 4]);
  });

  it("returns exactly the stage's schema (types and nullability) and describes the SQL it runs", async () => {
    const input = tableFromArrays({ x: Float32Array.from([1.5, 2]) });
    const { table, graph } = await run(input, (scan) => FilterNode.create(MapNode.create(scan, [{ name: "y", expr: call("mul", col("x"), lit(2, t.float32)) }]), call("gt", col("y"), lit(3, t.float32))));
    expect(table.schema.fields.map((f) => `${f.name}:${f.type}:${f.nullable}`)).toEqual(["x:Float32:false", "y:Float32:false"]);
    expect(tableRows(table)).toEqual([{ x: 2, y: 4 }]);
    expect(backend.compile(graph.stages[0]!).describe()).toMatch(/^stage \S+ \(duckdb\)\n  -- djx_\S+_arg0 ← argument 0 \(arg0\)\nWITH n0 AS \(SELECT/);
  });
});

describe("what the backend cannot run, it refuses clearly", () => {
  const input = tableFromArrays({ x: Float64Array.from([1.5]) });
  const udf = (scan: PlanNode) => CustomUdfNode.create(scan, "score", "vectorized", ["x"], schema([field("score", t.float64)]));

  it("reports a JavaScript UDF and a float-to-text cast, naming the node and what to do", () => {
    const stage = singleStage(udf(argumentScan(0, input))).stages[0]!;
    expect(backend.unsupported(stage)).toEqual([expect.objectContaining({ node: "udf[score]", reason: expect.stringContaining("fallback") })]);
    const cast = singleStage(MapNode.create(argumentScan(0, input), [{ name: "s", expr: Expr.call("cast", [col("x")], { to: t.utf8() }) }])).stages[0]!;
    expect(backend.unsupported(cast)[0]!.reason).toMatch(/cast\(float64 → utf8\).*round or cast to an integer first/);
    expect(() => backend.compile(stage)).toThrow(DuckDbUnsupportedError);
  });

  it("is refused by the executor with UnsupportedStageError when no fallback is configured", async () => {
    const graph = singleStage(udf(argumentScan(0, input)));
    const attempt = new Executor(backend, { cache: new CompiledStageCache() }).run(graph, { arguments: new Map([[0, tableSource(input)]]), udfs: new Map([["score", { mode: "row", fn: (r: Record<string, unknown>) => ({ score: r.x }) }]]) });
    await expect(attempt).rejects.toThrow(UnsupportedStageError);
    await expect(attempt).rejects.toThrow(/udf\[score\]/);
  });
});
