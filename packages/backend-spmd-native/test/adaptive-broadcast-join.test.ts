import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { tableFromArrays } from "apache-arrow";
import { col, count, mean, pjit, Resource, type Frame } from "@datajax/transforms";
import { describe, expect, it } from "vitest";
import { adaptiveBroadcastJoins } from "@datajax/core-ir";
import { runUnderMpirun } from "./mpi/run-under-mpirun.js";

const packageRoot = join(dirname(fileURLToPath(import.meta.url)), "..");
const sample = tableFromArrays({ zone: Int32Array.of(1, 2, 2), fare: Float64Array.of(1, 2, 3) });
const stagesOf = (fn: (t: Frame) => Frame) => pjit(fn, { resource: new Resource({ axes: { data: 2 } }) }).lower(sample).stages;
const joinBack = (how: "inner" | "left" | "semi" | "anti" | "right" | "full") => (t: Frame) => {
  const perZone = t.groupBy("zone").agg({ avg_fare: mean("fare") });
  return t.join(perZone, { on: "zone", how });
};

describe("which shuffle joins may become broadcast joins at run time", () => {
  it("a group-by joined back whose result is aggregated: the scan's stage (left) and the aggregate's (right)", () => {
    const graph = stagesOf((t) => joinBack("inner")(t).filter(col("fare").gt(col("avg_fare"))).agg({ n: count() }));
    const found = adaptiveBroadcastJoins(graph);
    expect(found).toHaveLength(1);
    const [{ join: j, left, right }] = found as [ReturnType<typeof adaptiveBroadcastJoins>[number]];
    const plan = (id: string) => graph.stages.find((s) => s.id === id)!;
    expect(plan(j).plan.kind).toBe("Aggregate");
    expect(plan(left).sharding).toMatchObject({ kind: "hash", keys: ["zone"] });
    expect(plan(left).plan.kind).toBe("Scan");
    expect(plan(right).plan.kind).toBe("Aggregate"); // the partial aggregate
  });

  it("left, semi and anti joins qualify; right and full joins (unmatched build rows) do not", () => {
    for (const how of ["left", "semi", "anti"] as const) expect(adaptiveBroadcastJoins(stagesOf((t) => joinBack(how)(t).agg({ n: count() }))), how).toHaveLength(1);
    for (const how of ["right", "full"] as const) expect(adaptiveBroadcastJoins(stagesOf((t) => joinBack(how)(t).agg({ n: count() }))), how).toEqual([]);
  });

  it("not when the join's stage is the result (its rows per rank would not be the hash placement the plan promises)", () => {
    expect(adaptiveBroadcastJoins(stagesOf(joinBack("inner")))).toEqual([]);
  });

  it("not when a grouped aggregate above the join relies on the join's co-located keys", () => {
    const graph = stagesOf((t) => joinBack("inner")(t).groupBy("zone").agg({ n: count() }).agg({ total: count() }));
    expect(adaptiveBroadcastJoins(graph)).toEqual([]);
  });
});

/** The answers of test/mpi/join-back.mjs, computed in plain JavaScript. */
function reference() {
  const rows = 200_000;
  const zone = Int32Array.from({ length: rows }, (_x, i) => (i * 7919) % 101);
  const fare = Float64Array.from({ length: rows }, (_x, i) => (i * 31) % 97);
  const sums = new Map<number, [number, number]>();
  const over95 = new Map<number, number>();
  for (let i = 0; i < rows; i++) {
    const s = sums.get(zone[i]!) ?? [0, 0];
    s[0] += fare[i]!;
    s[1]++;
    sums.set(zone[i]!, s);
    if (fare[i]! > 95) over95.set(zone[i]!, (over95.get(zone[i]!) ?? 0) + 1);
  }
  const busy = new Set([...over95].filter(([, n]) => n > 20).map(([z]) => z));
  let above = 0;
  let inBusy = 0;
  for (let i = 0; i < rows; i++) {
    const [s, n] = sums.get(zone[i]!)!;
    if (fare[i]! > s / n) above++;
    if (busy.has(zone[i]!)) inBusy++;
  }
  return { inner: { n: above }, left: { n: rows, withBusy: inBusy }, anti: { n: rows - inBusy } };
}

type Answers = Record<"adaptive" | "shuffle", Record<"inner" | "left" | "anti", { n: number; withBusy?: number; bytesExchanged: number }>>;

describe("adaptive broadcast joins under mpirun (spmd-native)", () => {
  const expected = reference();
  for (const ranks of [1, 2]) {
    it(`${ranks} rank(s): the same answers with and without the broadcast, and the plain-JS reference's`, async () => {
      const r = await runUnderMpirun(ranks, join(packageRoot, "test", "mpi", "join-back.mjs"));
      expect(r.code, r.stderr).toBe(0);
      const answers = JSON.parse(r.stdout.trim().split("\n").at(-1)!) as Answers;
      expect(expected.left.withBusy).toBeGreaterThan(0);
      expect(expected.anti.n).toBeGreaterThan(0);
      for (const mode of ["adaptive", "shuffle"] as const) {
        for (const name of ["inner", "left", "anti"] as const) {
          const { bytesExchanged: _b, ...answer } = answers[mode][name];
          expect(answer, `${mode} ${name}`).toEqual(expected[name]);
        }
      }
      for (const name of ["inner", "left", "anti"] as const) {
        const [adaptive, shuffle] = [answers.adaptive[name].bytesExchanged, answers.shuffle[name].bytesExchanged];
        if (ranks === 1) expect(adaptive).toBe(shuffle);
        // The large side stays in place: only the small side (and the partial counts) move.
        else expect(adaptive * 50, `${name}: ${adaptive} vs ${shuffle} bytes`).toBeLessThan(shuffle);
      }
    });
  }
});
