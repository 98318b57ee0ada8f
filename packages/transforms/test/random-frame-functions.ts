import { Float64, Int32, Table, Utf8, vectorFromArray } from "apache-arrow";
import fc from "fast-check";
import { col, count, max, mean, min, sum, type Frame } from "../src/index.js";

// Random rows and random functions of a frame built from the nodes the transforms batch and
// partition, shared by the vmap and pjit property tests.
export type Row = { k: number; a: number | null; b: number | null; s: string | null };

export function tableOf(rows: readonly Row[]): Table {
  return new Table({
    k: vectorFromArray(rows.map((r) => r.k), new Int32()),
    a: vectorFromArray(rows.map((r) => r.a), new Int32()),
    b: vectorFromArray(rows.map((r) => r.b), new Float64()),
    s: vectorFromArray(rows.map((r) => r.s), new Utf8()),
  });
}

export const canonical = (t: Table) => t.toArray().map((r) => JSON.stringify(Object.entries(r.toJSON() as Record<string, unknown>).map(([c, v]) => [c, typeof v === "bigint" ? Number(v) : typeof v === "number" ? Number(v.toPrecision(10)) : v]))).sort();

export const rowArb = fc.record({
  k: fc.integer({ min: 1, max: 4 }),
  a: fc.option(fc.integer({ min: -3, max: 3 }), { nil: null }),
  b: fc.option(fc.integer({ min: -20, max: 20 }).map((x) => x / 4), { nil: null }),
  s: fc.option(fc.constantFrom("x", "y", "zz"), { nil: null }),
});

/** Random functions of one group's frame, built from the nodes vmap batches. */
export const steps: ((x: Frame, c: number) => Frame)[] = [
  (x, c) => x.filter(col("a").gt(c % 3 - 1)),
  (x) => x.filter(col("b").isNotNull()),
  (x, c) => x.withColumns({ a2: col("a").add(c), bb: col("b").mul(2) }),
  (x) => x.select("a", "b", "s"),
  (x) => x.groupBy("s").agg({ n: count(), bs: sum("b"), am: max("a") }),
  (x) => x.agg({ n: count(), bm: mean("b"), amin: min("a") }),
  (x, c) => x.sort(["a", "b"], { descending: c % 2 === 0 }).head(2),
  (x) => x.join(x.select("a", { b2: "b" }), { on: "a", how: "inner" }),
  (x) => x.union(x.filter(col("b").gt(0))),
];
export const fnArb = fc.array(fc.tuple(fc.nat({ max: steps.length - 1 }), fc.nat({ max: 9 })), { minLength: 1, maxLength: 3 }).map((chain) => (x: Frame): Frame => {
  let f = x;
  for (const [i, c] of chain) {
    // Steps that need columns a previous step removed are skipped.
    try {
      f = steps[i]!(f, c);
    } catch {
      /* this chain skips the step */
    }
  }
  return f;
});

