import { describe, it, expect } from "vitest";
import * as arrow from "apache-arrow";
import { AggregateNode, BACKEND_TOKEN, Expr, GroupByNode, JoinNode, planHash, ScanNode, type Stage, type StageGraph, type StageMetrics } from "@datajax/core-ir";
import { arrowTableSource, generatedKernelCount, LocalBackend, registerLocalBackend } from "../src/index.js";
import { floats, ints, tableOf } from "./arrow-vectors.js";
import { col, rowsOf, scanOf } from "./plan-fixtures.js";

const stageOf = (id: string, plan: Stage["plan"], inputs: string[] = []): Stage => ({ id, plan, inputs, schema: plan.schema, sharding: plan.sharding, hash: planHash(plan) });

describe("LocalBackend", () => {
  it("registers itself under BACKEND_TOKEN through a structural container", () => {
    const registered: [symbol, unknown][] = [];
    const backend = registerLocalBackend({ register: (token, provider) => registered.push([token, provider.useValue]) });
    expect(registered).toEqual([[BACKEND_TOKEN, backend]]);
    expect(backend.id).toBe("local");
  });

  it("runs a two-stage graph (aggregate, then join the aggregate back to the table), reports metrics, reuses kernels", async () => {
    const table = tableOf({ k: ints([1, 2, 1, 3]), x: floats([1, 2, 3, 4]) });
    const agg = AggregateNode.create(GroupByNode.create(scanOf(table), ["k"]), [{ name: "m", agg: Expr.aggregate("mean", col("x")) }]);
    const s1 = stageOf("agg", agg);
    const fromStage = ScanNode.create({ kind: "stage", name: "agg", uri: "stage:agg" }, agg.schema);
    const s2 = stageOf("out", JoinNode.create(scanOf(table), fromStage, "inner", ["k"]), ["agg"]);
    const graph: StageGraph = { stages: [s1, s2], output: "out" };
    const backend = new LocalBackend();
    const compiled = new Map(graph.stages.map((s) => [s.id, backend.compile(s)]));
    expect(compiled.get("out")!.describe()).toContain("hash join inner");
    const metrics: StageMetrics[] = [];
    const context = { arguments: new Map([[0, arrowTableSource("t", table)]]), udfs: new Map(), onStageMetrics: (m: StageMetrics) => metrics.push(m) };
    const batches: arrow.RecordBatch[] = [];
    for await (const b of backend.execute(graph, compiled, context)) batches.push(b);
    expect(rowsOf(new arrow.Table(batches))).toEqual([{ k: 1, x: 1, m: 2 }, { k: 2, x: 2, m: 2 }, { k: 1, x: 3, m: 2 }, { k: 3, x: 4, m: 4 }]);
    expect(metrics.map((m) => [m.stageId, m.rowsOut])).toEqual([["agg", 3], ["out", 4]]);
    const before = generatedKernelCount();
    for await (const _b of backend.execute(graph, compiled, context)) void _b;
    expect(generatedKernelCount()).toBe(before);
  });

  it("says which argument is missing", async () => {
    const table = tableOf({ k: ints([1]) });
    const backend = new LocalBackend();
    const s = stageOf("s", scanOf(table));
    const run = async () => { for await (const _b of backend.execute({ stages: [s], output: "s" }, new Map(), { arguments: new Map(), udfs: new Map() })) void _b; };
    await expect(run()).rejects.toThrow(/no data bound to argument slot 0/);
  });
});
