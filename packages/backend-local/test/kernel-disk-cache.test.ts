import { mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { AggregateNode, Expr, FilterNode, GroupByNode, t } from "@datajax/core-ir";
import { clearKernelMemory, generatedKernelCount, KernelDiskCache, useKernelDiskCache } from "../src/index.js";
import { floats, ints, tableOf } from "./arrow-vectors.js";
import { run, scanOf } from "./plan-fixtures.js";

const dir = mkdtempSync(join(tmpdir(), "djx-kernels-"));
afterAll(() => {
  useKernelDiskCache(null);
  rmSync(dir, { recursive: true, force: true });
});

const data = tableOf({ k: ints([1, 2, 1, 3]), x: floats([1.5, -2, 4, 8]) });
const plan = AggregateNode.create(GroupByNode.create(FilterNode.create(scanOf(data), Expr.call("gt", [Expr.column("x"), Expr.literal(0, t.float64)])), ["k"]), [{ name: "s", agg: Expr.aggregate("sum", Expr.column("x")) }]);

describe("the on-disk kernel cache", () => {
  it("a cold process reads the kernels a warm one wrote, and gets the same rows", async () => {
    const cache = new KernelDiskCache(dir);
    useKernelDiskCache(cache);
    clearKernelMemory();
    const first = await run(plan, data);
    expect(cache.writes).toBeGreaterThan(0);
    expect(readdirSync(dir).filter((f) => f.endsWith(".js"))).toHaveLength(cache.writes);
    // A new process: nothing in memory, a fresh handle on the same folder.
    clearKernelMemory();
    const again = new KernelDiskCache(dir);
    useKernelDiskCache(again);
    const generated = generatedKernelCount();
    expect(await run(plan, data)).toEqual(first);
    expect(again.hits).toBe(cache.writes);
    expect(again.writes).toBe(0);
    expect(generatedKernelCount() - generated).toBe(cache.writes); // compiled from the cached sources
  });

  it("a damaged file is ignored and rewritten", async () => {
    for (const f of readdirSync(dir)) writeFileSync(join(dir, f), "// not a kernel\nthrow new Error('boom')");
    clearKernelMemory();
    const cache = new KernelDiskCache(dir);
    useKernelDiskCache(cache);
    const rows = await run(plan, data);
    expect(rows).toEqual([{ k: 1, s: 5.5 }, { k: 3, s: 8 }]);
    expect(cache.hits).toBe(0);
    expect(cache.writes).toBeGreaterThan(0);
  });
});
