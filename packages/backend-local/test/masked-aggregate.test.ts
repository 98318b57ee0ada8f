import type * as arrow from "apache-arrow";
import { afterEach, describe, expect, it } from "vitest";
import { AggregateNode, Expr, FilterNode, fromArrowSchema, JoinNode, MapNode, ScanNode, t, type NamedAggregate } from "@datajax/core-ir";
import { clearKernelMemory, type KernelDiskCache, useKernelDiskCache } from "../src/index.js";
import { floats, ints, tableOf } from "./arrow-vectors.js";
import { call, col, inBatches, lit, run, scanOf } from "./plan-fixtures.js";

// A global aggregate behind a filter that keeps a random 30-95% of rows runs masked from its
// second batch on (every row evaluated, a dropped row adding 0 · its term; emitMaskedLoop). Its
// answers must be bit-for-bit the exact loop's: each expectation is a row-order JS loop here.

/** Seeded uniform numbers in [0, 1) (a 32-bit LCG): the same table on every run. */
const uniform = (seed: number) => () => {
  seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
  return seed / 2 ** 32;
};

const ROWS = 20_000;
/** Distances in [0, 3): about two thirds are above 1, in random order (an unpredictable filter). */
function trips(poison: (i: number, d: number) => number | null = () => null) {
  const next = uniform(7);
  const d: number[] = [];
  const f: number[] = [];
  for (let i = 0; i < ROWS; i++) {
    d.push(Math.floor(next() * 3000) / 1000);
    f.push(poison(i, d[i]!) ?? Math.round(next() * 5000) / 100 - 5);
  }
  return { d, f, table: inBatches(tableOf({ d: floats(d), f: floats(f) }), 2048) };
}

/** sum(f / d), count(), mean(f) over d > 1, as the pipeline's plan. */
const aggregates: NamedAggregate[] = [
  { name: "total", agg: Expr.aggregate("sum", col("fpm")) },
  { name: "n", agg: Expr.aggregate("count", null) },
  { name: "fare", agg: Expr.aggregate("mean", col("f")) },
];
const plan = (table: arrow.Table) =>
  AggregateNode.create(MapNode.create(FilterNode.create(scanOf(table), call("gt", col("d"), lit(1, t.float64))), [{ name: "fpm", expr: call("div", col("f"), col("d")) }]), aggregates);

function reference(d: readonly number[], f: readonly number[]) {
  let total = 0;
  let fares = 0;
  let n = 0;
  for (let i = 0; i < d.length; i++) {
    if (!(d[i]! > 1)) continue;
    total += f[i]! / d[i]!;
    fares += f[i]!;
    n++;
  }
  return { total, n, fare: fares / n };
}

describe("the masked loop of a global aggregate behind an unpredictable filter", () => {
  const kernels: string[] = [];
  const recordKernels = () => {
    kernels.length = 0;
    clearKernelMemory();
    useKernelDiskCache({ get: () => undefined, put: (_key: string, text: string) => void kernels.push(text) } as unknown as KernelDiskCache);
  };
  afterEach(() => useKernelDiskCache(null));

  it("gives the exact loop's answers, bit for bit (sum, count, mean)", async () => {
    recordKernels();
    const { d, f, table } = trips();
    const [row] = await run(plan(table), table);
    expect(row).toEqual(reference(d, f));
    expect(kernels.some((k) => k.includes("const $m = ")), "the masked form was generated").toBe(true);
  });

  it("a dropped row with an infinite or NaN input (or a zero divisor) falls back to the exact loop for its batch", async () => {
    // Every 97th row: a fare of Infinity or NaN where the row is dropped (d ≤ 1, zero included).
    const { d, f, table } = trips((i, dist) => (i % 97 === 0 && dist <= 1 ? (i % 2 === 0 ? Number.POSITIVE_INFINITY : Number.NaN) : null));
    expect(f.some((x) => !Number.isFinite(x))).toBe(true);
    const [row] = await run(plan(table), table);
    expect(row).toEqual(reference(d, f));
    expect(Number.isFinite(row!.total as number)).toBe(true);
  });

  it("a kept infinite term still makes the sum infinite", async () => {
    let poisoned = false;
    const { d, f, table } = trips((i, dist) => {
      if (poisoned || i < 15_000 || !(dist > 1)) return null;
      poisoned = true;
      return Number.POSITIVE_INFINITY;
    });
    const [row] = await run(plan(table), table);
    expect(row).toEqual(reference(d, f));
    expect(row!.total).toBe(Number.POSITIVE_INFINITY);
  });

  it("is not generated where a dropped row's inputs cannot be masked: a nullable argument", async () => {
    recordKernels();
    const { d, f } = trips();
    const withNulls = f.map((x, i) => (i % 11 === 0 ? null : x));
    const table = inBatches(tableOf({ d: floats(d), f: floats(withNulls) }), 2048);
    const [row] = await run(plan(table), table);
    let total = 0;
    let fares = 0;
    let n = 0;
    let fareCount = 0;
    for (let i = 0; i < ROWS; i++) {
      if (!(d[i]! > 1)) continue;
      n++;
      if (withNulls[i] === null) continue;
      total += withNulls[i]! / d[i]!;
      fares += withNulls[i]!;
      fareCount++;
    }
    expect(row).toEqual({ total, n, fare: fares / fareCount });
    expect(kernels.some((k) => k.includes("const $m = "))).toBe(false);
  });

  it("runs over a unique-key join's lookup too (Q4's shape: a count behind a filter on a build column), rows without a build row dropped first", async () => {
    recordKernels();
    const next = uniform(11);
    const keys: number[] = [];
    const fares: number[] = [];
    for (let i = 0; i < ROWS; i++) {
      keys.push(Math.floor(next() * 40));
      fares.push(Math.round(next() * 1000) / 10);
    }
    // Build keys 0..34 (35..39 have no build row: an inner join drops them), a threshold each.
    const threshold = Array.from({ length: 35 }, (_v, k) => 20 + k * 1.5);
    const probe = inBatches(tableOf({ k: ints(keys), fare: floats(fares) }), 2048);
    const build = tableOf({ key: ints(threshold.map((_v, k) => k)), limit: floats(threshold) });
    const right = ScanNode.create({ kind: "argument", name: "r", uri: "memory:r", slot: 1 }, fromArrowSchema(build.schema));
    const joined = JoinNode.create(scanOf(probe), right, "inner", ["k"], ["key"]);
    const above = FilterNode.create(joined, call("gt", col("fare"), col("limit")));
    const [row] = await run(AggregateNode.create(above, [{ name: "n", agg: Expr.aggregate("count", null) }, { name: "fares", agg: Expr.aggregate("sum", col("fare")) }]), probe, build);
    let n = 0;
    let sum = 0;
    keys.forEach((k, i) => {
      if (k < 35 && fares[i]! > threshold[k]!) {
        n++;
        sum += fares[i]!;
      }
    });
    expect(row).toEqual({ n, fares: sum });
    expect(kernels.some((k) => k.includes("const $m = ") && k.includes("$kslots")), "the masked form, with the lookup").toBe(true);
  });
});
