import { Float64, Int32, Table, vectorFromArray } from "apache-arrow";
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { hashNumber, partitionOf } from "@datajax/core-ir";
import { createContainer, type DependencyContainer } from "@datajax/runtime";
import { registerLocalBackend } from "@datajax/backend-local";
import { col, count, djit, mean, pjit, Resource, shard, sum, withShardingConstraint, type Frame, type ShardingSpec } from "../src/index.js";
import { canonical, fnArb, rowArb, tableOf } from "./random-frame-functions.js";
import { rowsOf, tripsTable } from "./tables.js";

fc.configureGlobal({ seed: Number(process.env["DJX_FC_SEED"] ?? 20261201) });

let container: DependencyContainer;
beforeAll(() => {
  container = createContainer();
  registerLocalBackend(container);
});

const perZone = (trips: Frame) => trips.filter(col("fare_amount").gt(0)).groupBy("PULocationID").agg({ n: count(), fare: mean("fare_amount") });

/** 200 trips over 17 zones, so that every rank of four holds rows. */
function manyTrips(): Table {
  const n = 200;
  return new Table({
    PULocationID: vectorFromArray(Array.from({ length: n }, (_, i) => 1 + ((i * 7) % 17)), new Int32()),
    VendorID: vectorFromArray(Array.from({ length: n }, (_, i) => 1 + (i % 3)), new Int32()),
    fare_amount: vectorFromArray(Array.from({ length: n }, (_, i) => (i % 11) - 2), new Float64()),
  });
}

describe("pjit over simulated ranks", () => {
  it("returns djit's rows, with the result laid out as outShardings says on the per-rank view", async () => {
    const data = manyTrips();
    const expected = rowsOf(await djit(perZone, { container })(data), "PULocationID");
    const resource = new Resource({ axes: { data: 4 } });
    const f = pjit(perZone, { container, resource, inShardings: [shard.byKey("VendorID")], outShardings: shard.byKey("PULocationID") });
    const r = await f.run(data);
    expect(rowsOf(r.table, "PULocationID")).toEqual(expected);
    expect(r.ranks).toHaveLength(4);
    expect(r.ranks!.reduce((n, t) => n + t.numRows, 0)).toBe(expected.length);
    r.ranks!.forEach((t, rank) => {
      for (const row of t.toArray()) expect(partitionOf(hashNumber(row.PULocationID as number), 4)).toBe(rank);
    });
    // Sharded by VendorID, grouped by zone: the planner shuffles once (two-phase), and partials move.
    expect(f.lower(data).stages.stages).toHaveLength(2);
    const s0 = r.metrics.stages.filter((m) => m.stageId === "s0");
    expect(s0.map((m) => m.rank)).toEqual([0, 1, 2, 3]);
    expect(s0.reduce((n, m) => n + m.bytesExchanged, 0)).toBeGreaterThan(0);
  });

  it("drops exchanges the input already meets, and keeps a withShardingConstraint", () => {
    const resource = new Resource({ axes: { data: 4 } });
    const byZone = pjit(perZone, { container, resource, inShardings: [shard.byKey("PULocationID")], outShardings: shard.byKey("PULocationID") });
    expect(byZone.lower(tripsTable()).stages.stages).toHaveLength(1);
    const constrained = pjit((t: Frame) => withShardingConstraint(t.filter(col("fare_amount").gt(0)), shard.byKey("PULocationID")).agg({ s: sum("fare_amount") }), { container, resource, inShardings: [shard.byKey("PULocationID")] });
    expect(constrained.lower(tripsTable()).stages.stages.length).toBeGreaterThan(1);
  });

  it("replicated outputs are on every rank; block inputs are split", async () => {
    const resource = new Resource({ axes: { data: 3 } });
    const f = pjit((t: Frame) => t.agg({ n: count() }), { container, resource, inShardings: [shard.block()], outShardings: shard.replicated() });
    const r = await f.run(manyTrips());
    expect(r.table.numRows).toBe(1);
    expect(r.ranks!.map((t) => Number(t.toArray()[0]!.n))).toEqual([200, 200, 200]);
  });

  it("refuses malformed and unsatisfiable specs before running, naming the spec and the schema", () => {
    const resource = new Resource({ axes: { data: 4 } });
    expect(() => pjit(perZone, { container, resource, inShardings: [{ kind: "byKey", keys: [] } as never] })).toThrow(/inShardings\[0\]: sharding spec .* is malformed: keys: byKey needs at least one key column/);
    expect(() => pjit(perZone, { container, resource, inShardings: [shard.block(), shard.block()] })).toThrow(/gives 2 spec\(s\) for 1 data argument\(s\)/);
    expect(() => pjit(perZone, { container, resource, inShardings: [shard.block({ axis: "model" })] })).toThrow(/names axis "model", which Resource\(data=4\) does not have/);
    const typo = pjit(perZone, { container, resource, inShardings: [shard.byKey("PULocationId")] });
    expect(() => typo.lower(tripsTable())).toThrow(/inShardings\[0\]: sharding spec \{"kind":"byKey","keys":\["PULocationId"\]\} names key column "PULocationId", which is not in the schema; schema in scope: \{PULocationID:int32\?.*Did you mean "PULocationID"\?/);
    const badOut = pjit(perZone, { container, resource, outShardings: shard.byKey("hour") });
    expect(() => badOut.lower(tripsTable())).toThrow(/outShardings: .* names key column "hour", which is not in the schema; schema in scope: \{PULocationID:int32\?, n:int64, fare:float64\?\}/);
    expect(() => new Resource({ axes: { data: 0 } })).toThrow(/axis sizes are positive integers/);
    expect(() => Resource.fromMpi()).toThrow(/not part of an MPI world/);
  });

  it("pjit(f) returns djit(f)'s rows for random f, in shardings and out shardings, on 1–4 ranks (property)", async () => {
    const ins: ShardingSpec[] = [shard.block(), shard.byKey("k"), shard.byKey("a"), shard.replicated(), shard.byKey(["s", "k"])];
    await fc.assert(
      fc.asyncProperty(fc.array(rowArb, { minLength: 1, maxLength: 30 }), fnArb, fc.nat({ max: ins.length - 1 }), fc.nat({ max: 3 }), fc.integer({ min: 1, max: 4 }), async (rows, f, inChoice, outChoice, ranks) => {
        const data = tableOf(rows);
        const single = await djit(f, { container })(data);
        // Which rows a limit keeps depends on their order, which partitioning changes.
        if (djit(f, { container }).lower(data).text.ir.includes("limit[")) return;
        const outColumn = single.schema.fields.find((fl) => fl.name === "k" || fl.name === "a")?.name;
        const out = [null, shard.replicated(), shard.block(), outColumn ? shard.byKey(outColumn) : null][outChoice] ?? null;
        const p = pjit(f, { container, resource: new Resource({ axes: { data: ranks } }), inShardings: [ins[inChoice]!], outShardings: out });
        const r = await p.run(data);
        expect(canonical(r.table)).toEqual(canonical(single));
        if (ranks > 1 && out?.kind === "byKey") {
          r.ranks!.forEach((t, rank) => {
            for (const row of t.toArray()) {
              const v = row[out.keys[0]!] as number | null;
              if (v !== null) expect(partitionOf(hashNumber(v), ranks)).toBe(rank);
            }
          });
        }
        if (ranks > 1 && out?.kind === "replicated") for (const t of r.ranks!) expect(canonical(t)).toEqual(canonical(single));
      }),
      { numRuns: 150 },
    );
  });
});

