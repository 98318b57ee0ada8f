import { Float64, Int32, Table, vectorFromArray } from "apache-arrow";
import { beforeAll, describe, expect, it } from "vitest";
import { hashNumber, partitionOf } from "@datajax/core-ir";
import { createContainer, type DependencyContainer } from "@datajax/runtime";
import { registerLocalBackend } from "@datajax/backend-local";
import { col, count, djit, mean, pjit, Resource, shard, sum, withShardingConstraint, type Frame } from "../src/index.js";
import { rowsOf, tripsTable } from "./tables.js";

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
    // Sharded by VendorID, grouped by zone: the planner shuffles once (two-phase).
    expect(f.lower(data).stages.stages).toHaveLength(2);
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
});
