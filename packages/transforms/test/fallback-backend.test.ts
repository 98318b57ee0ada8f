import { describe, expect, it } from "vitest";
import { BACKEND_TOKEN, walkPlan, type Backend, type CompiledStage, type ExecutionContext, type Stage, type StageGraph, type UnsupportedFeature } from "@datajax/core-ir";
import { LocalBackend } from "@datajax/backend-local";
import { CompiledStageCache, createContainer, Executor, tableSource, UnsupportedStageError } from "@datajax/runtime";
import { describeBackendConformance } from "@datajax/runtime/testing";
import { djit, type Frame } from "../src/index.js";
import { tripsTable } from "./tables.js";

/**
 * A partial backend: the local backend's kernels, but it declares that it cannot sort (as a
 * backend without an ordering primitive would). Everything else it runs itself.
 */
class SortlessBackend implements Backend {
  readonly id = "sortless";
  private readonly local = new LocalBackend();
  readonly compilerVersion = `sortless+${this.local.compilerVersion}`;
  compiled = 0;

  unsupported(stage: Stage): UnsupportedFeature[] {
    const found: UnsupportedFeature[] = [];
    walkPlan(stage.plan, (n) => {
      if (n.kind === "Sort") found.push({ stageId: stage.id, node: `sort[${n.keys.map((k) => k.column).join(", ")}]`, reason: "this backend has no ordering kernel" });
    });
    return found;
  }
  compile(stage: Stage): CompiledStage {
    this.compiled++;
    return this.local.compile(stage);
  }
  execute(graph: StageGraph, compiled: ReadonlyMap<string, CompiledStage>, context: ExecutionContext) {
    return this.local.execute(graph, compiled, context);
  }
}

const topFares = (trips: Frame) => trips.select("PULocationID", "fare_amount").sort("fare_amount", { descending: true }).head(2);
const zones = (trips: Frame) => trips.select("PULocationID");
const fares = (rows: { toJSON(): Record<string, unknown> }[]) => rows.map((r) => r.toJSON().fare_amount);

function containerWithBoth() {
  const container = createContainer();
  container.register(BACKEND_TOKEN, { useValue: new SortlessBackend() });
  container.register(BACKEND_TOKEN, { useValue: new LocalBackend() });
  return container;
}

describe("a backend that reports unsupported stages", () => {
  const graphOf = (fn: (t: Frame) => Frame) => djit(fn, { container: containerWithBoth(), backend: "local" }).lower(tripsTable()).stages;
  const args = () => new Map([[0, tableSource(tripsTable(), "trips")]]);

  it("without a fallback, the executor refuses before compiling anything, naming the backend, stage, node and reason", async () => {
    const backend = new SortlessBackend();
    const cache = new CompiledStageCache();
    const err = await new Executor(backend, { cache }).run(graphOf(topFares), { arguments: args() }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UnsupportedStageError);
    const e = err as UnsupportedStageError;
    expect(e.code).toBe("DJX_UNSUPPORTED_STAGE");
    expect(e.features).toEqual([{ stageId: "s0", node: "sort[fare_amount]", reason: "this backend has no ordering kernel" }]);
    expect(e.message).toContain('backend "sortless" cannot run');
    expect(e.message).toContain("stage s0, sort[fare_amount]: this backend has no ordering kernel");
    expect(e.message).toContain("configure a fallback backend");
    expect(backend.compiled).toBe(0);
    expect(cache.size).toBe(0);
  });

  it("with a fallback, the whole graph runs there and the metrics say why", async () => {
    const backend = new SortlessBackend();
    const { table, metrics } = await new Executor(backend, { fallback: new LocalBackend(), cache: new CompiledStageCache() }).run(graphOf(topFares), { arguments: args() });
    expect(fares(table.toArray())).toEqual([30, 20]);
    expect(metrics.backend).toBe("local");
    expect(metrics.fallback).toEqual({ from: "sortless", to: "local", reasons: [{ stageId: "s0", node: "sort[fare_amount]", reason: "this backend has no ordering kernel" }] });
    expect(backend.compiled).toBe(0);
  });

  it("a graph it supports runs on it, with no fallback recorded", async () => {
    const backend = new SortlessBackend();
    const { table, metrics } = await new Executor(backend, { fallback: new LocalBackend(), cache: new CompiledStageCache() }).run(graphOf(zones), { arguments: args() });
    expect(table.numRows).toBe(8);
    expect(metrics.backend).toBe("sortless");
    expect(metrics.fallback).toBeUndefined();
    expect(backend.compiled).toBe(1);
  });

  it("djit takes fallbackBackend by id from the container; without it the call fails clearly", async () => {
    const container = containerWithBoth();
    const withFallback = djit(topFares, { container, backend: "sortless", fallbackBackend: "local" });
    const { table, metrics } = await withFallback.run(tripsTable());
    expect(fares(table.toArray())).toEqual([30, 20]);
    expect(metrics.fallback?.from).toBe("sortless");
    expect(metrics.fallback?.to).toBe("local");
    const without = djit(topFares, { container, backend: "sortless" });
    await expect(without(tripsTable())).rejects.toBeInstanceOf(UnsupportedStageError);
  });
});

// The conformance kit accepts a partial backend on its supported subset and checks it refuses the rest.
const summary = describeBackendConformance({ name: "sortless (refuses sorts)", createBackend: () => new SortlessBackend(), ranks: [1, 2] });

it("the kit counted the sort cases as refused and ran the others", () => {
  expect(summary.refused).toContain("sort/multi-key-descending-nulls");
  expect(summary.refused).toContain("exchange/gather-sort-limit @2 ranks");
  expect(summary.supported).toContain("join/full-two-keys");
  expect(summary.supported.some((id) => id.startsWith("sort/"))).toBe(false);
});
