import type * as arrow from "apache-arrow";
import { afterEach, describe, expect, it } from "vitest";
import { AggregateNode, Expr, FilterNode, fromArrowSchema, GroupByNode, JoinNode, ScanNode, t } from "@datajax/core-ir";
import { clearKernelMemory, type KernelDiskCache, useKernelDiskCache } from "../src/index.js";
import { bigints, bools, floats, ints, strings, tableOf, timestamps } from "./arrow-vectors.js";
import { col, inBatches, lit, run, scanOf } from "./plan-fixtures.js";

// Joins whose build (right) keys are unique and integral take the lookup path: one generated pass
// per probe batch finds the build row in a dense index and gathers the right columns. These cases
// pin it to the join's semantics; each expectation is computed here row by row.
const scanRight = (table: arrow.Table) => ScanNode.create({ kind: "argument", name: "r", uri: "memory:r", slot: 1 }, fromArrowSchema(table.schema));

const dimension = tableOf({
  key: ints([10, 11, 12, 14, 15]),
  score: floats([1.5, null, 3.5, 4.5, 5.5]),
  big: bigints([2 ** 40, -(2 ** 40), 7, 8, 9]),
  at: timestamps([1_700_000_000_000_000n, null, 1_700_000_000_000_001n, 3n, 4n]),
  flag: bools([true, false, null, true, false]),
  label: strings(["ten", "eleven", null, "fourteen", "fifteen"]),
});
const right = new Map<number, Record<string, unknown>>();
for (const r of dimension.toArray()) {
  const o = r.toJSON() as Record<string, unknown>;
  right.set(o["key"] as number, { score: o["score"], big: o["big"] === null ? null : Number(o["big"]), at: o["at"] === null ? null : Number(o["at"]), flag: o["flag"], label: o["label"] });
}

const probeKeys = [10, 12, null, 13, 15, 99, -4, 11, 14, 10, 12.5, 15];
const probe = inBatches(tableOf({ id: ints(probeKeys.map((_k, i) => i)), k: floats(probeKeys) }), 5);

function expected(how: "inner" | "left"): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  probeKeys.forEach((k, id) => {
    const r = k === null ? undefined : right.get(k);
    if (r) out.push({ id, k, ...r });
    else if (how === "left") out.push({ id, k, score: null, big: null, at: null, flag: null, label: null });
  });
  return out;
}

describe("unique-key (lookup) joins", () => {
  for (const how of ["inner", "left"] as const) {
    it(`${how}: float probe keys into int build keys; nulls, misses and fractions never match; every right type gathered`, async () => {
      const rows = await run(JoinNode.create(scanOf(probe), scanRight(dimension), how, ["k"], ["key"]), probe, dimension);
      expect(rows.map((r) => ({ ...r }))).toEqual(expected(how));
    });
  }

  it("a probe where every row matches keeps the probe's rows in order", async () => {
    const all = tableOf({ id: ints([0, 1, 2, 3]), k: ints([15, 10, 14, 10]) });
    const rows = await run(JoinNode.create(scanOf(all), scanRight(dimension), "inner", ["k"], ["key"]), all, dimension);
    expect(rows.map((r) => [r["id"], r["score"], r["label"]])).toEqual([[0, 5.5, "fifteen"], [1, 1.5, "ten"], [2, 4.5, "fourteen"], [3, 1.5, "ten"]]);
  });

  it("duplicate build keys take the general path and give every match", async () => {
    const dup = tableOf({ key: ints([1, 1, 2]), v: ints([100, 101, 200]) });
    const left = tableOf({ k: ints([1, 2, 3]) });
    const rows = await run(JoinNode.create(scanOf(left), scanRight(dup), "left", ["k"], ["key"]), left, dup);
    expect(rows).toEqual([{ k: 1, v: 100 }, { k: 1, v: 101 }, { k: 2, v: 200 }, { k: 3, v: null }]);
  });
});

// An aggregate right above such a join reads the build columns at each row's build row inside its
// own loop (AggregateOperator + HashJoinOperator.pieces): no joined batch is materialized. The first
// probe batch (before the aggregate's dense index exists) and rows whose group keys fall outside
// that index still go through the joined rows; both paths must agree with the row-by-row answer.
describe("aggregates over a unique-key join, the lookup fused into the aggregate's loop", () => {
  const compiled: string[] = [];
  const recordKernels = () => {
    compiled.length = 0;
    clearKernelMemory();
    useKernelDiskCache({ get: () => undefined, put: (key: string) => void compiled.push(key) } as unknown as KernelDiskCache);
  };
  afterEach(() => useKernelDiskCache(null));

  // Probe rows: group g, key k (some missing from the dimension, some null); later batches bring
  // groups outside the first batch's range (deferred rows).
  const probeRows = Array.from({ length: 40 }, (_, i) => ({ g: i < 10 ? i % 3 : i % 7 === 0 ? 50 + (i % 5) : i % 4, k: [10, 11, 12, 14, 15, 13, null, 99][i % 8]! }));
  const probeTable = inBatches(tableOf({ g: ints(probeRows.map((r) => r.g)), k: ints(probeRows.map((r) => r.k)) }), 10);

  const aggregates = [
    { name: "n", agg: Expr.aggregate("count", null) },
    { name: "scores", agg: Expr.aggregate("count", col("score")) },
    { name: "score_sum", agg: Expr.aggregate("sum", col("score")) },
    { name: "big_max", agg: Expr.aggregate("max", col("big")) },
    { name: "at_min", agg: Expr.aggregate("min", col("at")) },
    { name: "flags", agg: Expr.aggregate("count", col("flag")) },
    { name: "label_max", agg: Expr.aggregate("max", col("label")) },
  ];

  /** The same aggregates computed row by row over the joined rows, per group (null: global). */
  function reference(how: "inner" | "left", keep: (r: Record<string, unknown>) => boolean, grouped: boolean): Record<string, unknown>[] {
    const groups = new Map<unknown, Record<string, unknown>[]>();
    for (const p of probeRows) {
      const r = p.k === null ? undefined : right.get(p.k);
      if (!r && how === "inner") continue;
      const row = { ...p, ...(r ?? { score: null, big: null, at: null, flag: null, label: null }) };
      if (!keep(row)) continue;
      const key = grouped ? p.g : null;
      groups.set(key, [...(groups.get(key) ?? []), row]);
    }
    const values = (rows: Record<string, unknown>[], c: string) => rows.map((r) => r[c]).filter((v) => v !== null && v !== undefined);
    const reduce = <T,>(xs: T[], f: (a: T, b: T) => T) => (xs.length === 0 ? null : xs.reduce(f));
    return [...groups].map(([g, rows]) => ({
      ...(grouped ? { g } : {}),
      n: rows.length,
      scores: values(rows, "score").length,
      score_sum: reduce(values(rows, "score") as number[], (a, b) => a + b),
      big_max: reduce(values(rows, "big") as number[], (a, b) => Math.max(a, b)),
      at_min: reduce(values(rows, "at") as number[], (a, b) => Math.min(a, b)),
      flags: values(rows, "flag").length,
      label_max: (values(rows, "label") as string[]).sort().at(-1) ?? null,
    }));
  }

  const normalize = (rows: Record<string, unknown>[]) =>
    rows.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, typeof v === "bigint" ? Number(v) : v]))).sort((a, b) => Number(a["g"] ?? 0) - Number(b["g"] ?? 0));

  it("an empty build side: the inner join's aggregate sees no rows, the left join's sees nulls", async () => {
    const empty = tableOf({ key: ints([]), score: floats([]), big: bigints([]), at: timestamps([]), flag: bools([]), label: strings([]) });
    for (const how of ["inner", "left"] as const) {
      const plan = AggregateNode.create(JoinNode.create(scanOf(probeTable), scanRight(empty), how, ["k"], ["key"]), aggregates);
      const [row] = await run(plan, probeTable, empty);
      expect(normalize([row!])).toEqual([{ n: how === "inner" ? 0 : probeRows.length, scores: 0, score_sum: null, big_max: null, at_min: null, flags: 0, label_max: null }]);
    }
  });

  for (const how of ["inner", "left"] as const) {
    for (const grouped of [true, false]) {
      for (const filtered of [false, true]) {
        it(`${how} join, ${grouped ? "grouped" : "global"} aggregate${filtered ? ", behind a filter on a build column" : ""}`, async () => {
          recordKernels();
          const join = JoinNode.create(scanOf(probeTable), scanRight(dimension), how, ["k"], ["key"]);
          const input = filtered ? FilterNode.create(join, Expr.call("gt", [col("score"), lit(2, t.float64)])) : join;
          const plan = AggregateNode.create(grouped ? GroupByNode.create(input, ["g"]) : input, aggregates);
          const rows = await run(plan, probeTable, dimension);
          const keep = filtered ? (r: Record<string, unknown>) => r["score"] !== null && (r["score"] as number) > 2 : () => true;
          expect(normalize(rows)).toEqual(normalize(reference(how, keep, grouped)));
          expect(compiled.some((key) => key.includes(`|lookup 1 ${how}`)), `a fused kernel was compiled: ${compiled.join("; ")}`).toBe(true);
        });
      }
    }
  }
});
