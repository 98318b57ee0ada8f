import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { createContainer, type DependencyContainer } from "@datajax/runtime";
import { registerLocalBackend } from "@datajax/backend-local";
import { col, count, djit, mean, NotBatchableError, sum, vmap, type Frame } from "../src/index.js";
import { canonical, fnArb, rowArb, tableOf, type Row } from "./random-frame-functions.js";

fc.configureGlobal({ seed: Number(process.env["DJX_FC_SEED"] ?? 20261201) });

let container: DependencyContainer;
beforeAll(() => {
  container = createContainer();
  registerLocalBackend(container);
});

/** The definition: f on each group's rows, the key column attached first, concatenated. */
async function perGroup(f: (x: Frame) => Frame, rows: readonly Row[]): Promise<string[]> {
  const out: string[] = [];
  for (const k of [...new Set(rows.map((r) => r.k))]) {
    const t = await djit(f, { container })(tableOf(rows.filter((r) => r.k === k)));
    for (const r of t.toArray()) {
      const entries = Object.entries(r.toJSON() as Record<string, unknown>).filter(([c]) => c !== "k");
      out.push(JSON.stringify([["k", k], ...entries.map(([c, v]) => [c, typeof v === "bigint" ? Number(v) : typeof v === "number" ? Number(v.toPrecision(10)) : v])]));
    }
  }
  return out.sort();
}

describe("vmap", () => {
  it("per-location features: one row per location, empty locations included, in one plan", async () => {
    const rows: Row[] = [
      { k: 1, a: 5, b: 10, s: "x" }, { k: 1, a: -1, b: 20, s: "y" }, { k: 2, a: 3, b: null, s: "x" }, { k: 3, a: -2, b: 1, s: null },
    ];
    const features = (trips: Frame) => trips.filter(col("a").gt(0)).agg({ trips: count(), mean_b: mean("b") });
    const batched = djit(vmap(features, { inAxes: ["k"] }), { container });
    const got = (await batched(tableOf(rows))).toArray().map((r) => r.toJSON()).sort((x, y) => (x.k as number) - (y.k as number));
    expect(got).toEqual([{ k: 1, trips: 1n, mean_b: 10 }, { k: 2, trips: 1n, mean_b: null }, { k: 3, trips: 0n, mean_b: null }]);
    const lowered = batched.lower(tableOf(rows));
    expect(lowered.stages.stages).toHaveLength(1);
    expect(lowered.text.optimized).toMatch(/group_by\[k\]/);
    expect(lowered.text.ir).not.toMatch(/vmap:/);
  });

  it("equals the concatenation over groups of f on the group, for random f (property)", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(rowArb, { minLength: 1, maxLength: 24 }), fnArb, async (rows, f) => {
        const expected = await perGroup(f, rows);
        const actual = canonical(await djit(vmap(f, { inAxes: ["k"] }), { container })(tableOf(rows)));
        expect(actual).toEqual(expected);
      }),
      { numRuns: 150 },
    );
  });

  it("places the keys where outAxes says, broadcasts null axes, and nests over two keys", async () => {
    const rows: Row[] = [{ k: 1, a: 1, b: 1, s: "x" }, { k: 1, a: 2, b: 2, s: "x" }, { k: 2, a: 1, b: 5, s: "y" }];
    const last = djit(vmap((x: Frame) => x.agg({ n: count() }), { inAxes: ["k"], outAxes: 1 }), { container });
    expect((await last(tableOf(rows))).schema.fields.map((f) => f.name)).toEqual(["n", "k"]);

    const lookup = tableOf([{ k: 0, a: 1, b: 100, s: "one" }, { k: 0, a: 2, b: 200, s: "two" }]);
    const withNames = djit(vmap((x: Frame, names: Frame) => x.join(names.select("a", { name: "s" }), { on: "a", how: "left" }).agg({ names: count("name") }), { inAxes: ["k", null] }), { container });
    const named = (await withNames(tableOf(rows), lookup)).toArray().map((r) => r.toJSON()).sort((x, y) => (x.k as number) - (y.k as number));
    expect(named).toEqual([{ k: 1, names: 2n }, { k: 2, names: 1n }]);

    const nested = djit(vmap(vmap((x: Frame) => x.agg({ total: sum("b") }), { inAxes: ["s"] }), { inAxes: ["k"] }), { container });
    const both = (await nested(tableOf(rows))).toArray().map((r) => r.toJSON()).sort((x, y) => (x.k as number) - (y.k as number));
    expect(both).toEqual([{ k: 1, s: "x", total: 3 }, { k: 2, s: "y", total: 5 }]);
  });

  it("refuses what it cannot batch, naming the node, and bad axes at trace time", async () => {
    const udf = (x: Frame) => x.udf("score", { mode: "vectorized", reads: ["a"], outputSchema: { score: { id: "float64" } } as never });
    expect(() => djit(vmap(udf, { inAxes: ["k"] }), { container }).lower(tableOf([{ k: 1, a: 1, b: 1, s: "x" }]))).toThrow(NotBatchableError);
    expect(() => djit(vmap(udf, { inAxes: ["k"] }), { container }).lower(tableOf([{ k: 1, a: 1, b: 1, s: "x" }]))).toThrow(/vmap: cannot batch CustomUDF "score"/);
    const typo = djit(vmap((x: Frame) => x.agg({ n: count() }), { inAxes: ["kk"] }), { container });
    expect(() => typo.lower(tableOf([{ k: 1, a: 1, b: 1, s: "x" }]))).toThrow(/vmap: argument 0 has no key column "kk" \(schema \{k:int32\??, a:int32\?, b:float64\?, s:utf8\?\}\)\. Did you mean "k"\?/);
    const clash = djit(vmap((x: Frame) => x.withColumns({ k: col("a") }), { inAxes: ["k"] }), { container });
    expect(() => clash.lower(tableOf([{ k: 1, a: 1, b: 1, s: "x" }]))).toThrow(/cannot batch Map: it assigns the vmap key column "k"/);
  });
});
