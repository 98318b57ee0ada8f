import { beforeAll, describe, expect, it } from "vitest";
import { Int32, Table, Utf8, vectorFromArray } from "apache-arrow";
import { t } from "@datajax/core-ir";
import { createContainer, tableSource, UdfRegistry, type DependencyContainer } from "@datajax/runtime";
import { registerLocalBackend } from "@datajax/backend-local";
import { col, count, djit, type Frame, lit, mean, sum, when } from "../src/index.js";
import { rowsOf, tripsTable, tripsTableIntFares } from "./tables.js";

let container: DependencyContainer;
beforeAll(() => {
  container = createContainer();
  registerLocalBackend(container);
});

const featurizeFn = (trips: Frame) =>
  trips
    .filter(col("fare_amount").gt(0).and(col("trip_distance").gt(0)))
    .withColumns({ hour: col("tpep_pickup_datetime").hour(), tip_ratio: col("tip_amount").div(col("total_amount")) })
    .groupBy("PULocationID", "hour")
    .agg({ trips: count(), mean_fare: mean("fare_amount"), mean_tip_ratio: mean("tip_ratio") });

describe("djit on the local backend", () => {
  it("runs the featurize example end to end", async () => {
    const featurize = djit(featurizeFn, { container });
    const out = await featurize(tripsTable());
    expect(out).toBeInstanceOf(Table);
    expect(out.schema.fields.map((f) => f.name)).toEqual(["PULocationID", "hour", "trips", "mean_fare", "mean_tip_ratio"]);
    // Kept rows (fare > 0 and distance > 0; null fare dropped): loc1@5 fares 10,20 tips 1/11, 4/24;
    // loc1@7 fare 12, tip null; loc3@5 fare 30 tip 6/36; loc2@6 fare 4 tip 1/5.
    expect(rowsOf(out, "PULocationID", "hour")).toEqual([
      { PULocationID: 1, hour: 5, trips: 2n, mean_fare: 15, mean_tip_ratio: (1 / 11 + 4 / 24) / 2 },
      { PULocationID: 1, hour: 7, trips: 1n, mean_fare: 12, mean_tip_ratio: null },
      { PULocationID: 2, hour: 6, trips: 1n, mean_fare: 4, mean_tip_ratio: 1 / 5 },
      { PULocationID: 3, hour: 5, trips: 1n, mean_fare: 30, mean_tip_ratio: 6 / 36 },
    ]);
  });

  it("accepts a DataSource argument as well as a Table", async () => {
    const featurize = djit(featurizeFn, { container });
    const fromTable = await featurize(tripsTable());
    const fromSource = await featurize(tableSource(tripsTable(), "trips"));
    expect(rowsOf(fromSource, "PULocationID", "hour")).toEqual(rowsOf(fromTable, "PULocationID", "hour"));
  });

  it("compiles once per signature: a hit for a new table of the same schema, a miss for another schema", async () => {
    let traces = 0;
    const f = djit(
      (trips: Frame) => {
        traces++;
        return trips.filter(col("fare_amount").gt(5)).select("PULocationID", "fare_amount");
      },
      { container },
    );
    expect(f.cacheSize).toBe(0);
    const first = await f.run(tripsTable());
    expect(first.cacheHit).toBe(false);
    expect(first.table.numRows).toBe(5);
    const second = await f.run(tripsTable());
    expect(second.cacheHit).toBe(true);
    expect(f.cacheSize).toBe(1);
    expect(traces).toBe(1);
    const third = await f.run(tripsTableIntFares());
    expect(third.cacheHit).toBe(false);
    expect(f.cacheSize).toBe(2);
    expect(traces).toBe(2);
    expect(rowsOf(third.table, "fare_amount").map((r) => r.fare_amount)).toEqual([8, 10, 12, 20, 30]);
    expect(first.metrics.backend).toBe("local");
    f.clearCache();
    expect(f.cacheSize).toBe(0);
  });

  it("keys the cache on static arguments and passes them to the function as they are", async () => {
    const f = djit((trips: Frame, minFare: number) => trips.filter(col("fare_amount").gte(minFare)).agg({ n: count(), total: sum("fare_amount") }), { container, staticArgnums: [1] });
    const a = await f.run(tripsTable(), 10);
    expect(rowsOf(a.table)).toEqual([{ n: 4n, total: 72 }]);
    const b = await f.run(tripsTable(), 20);
    expect(b.cacheHit).toBe(false);
    expect(rowsOf(b.table)).toEqual([{ n: 2n, total: 50 }]);
    expect((await f.run(tripsTable(), 10)).cacheHit).toBe(true);
    expect(f.cacheSize).toBe(2);
  });

  it("explains cache misses: schema, static argument, nothing compiled, and hits", async () => {
    const f = djit((trips: Frame, n: number) => trips.filter(col("fare_amount").gt(0)).limit(n), { container, staticArgnums: [1], name: "topFares" });
    expect(f.explainCacheMiss(tripsTable(), 3)).toMatch(/^cache miss for topFares: nothing is compiled yet/);
    await f(tripsTable(), 3);
    expect(f.explainCacheMiss(tripsTable(), 3)).toMatch(/^cache hit for topFares: /);
    expect(f.explainCacheMiss(tripsTableIntFares(), 3)).toBe(
      "cache miss for topFares: argument 0 (trips) schema differs: fare_amount float64 → int32 (compared with the nearest of 1 cached signature).",
    );
    expect(f.explainCacheMiss(tripsTable(), 4)).toBe("cache miss for topFares: static argument 1 (n) differs: 3 → 4 (compared with the nearest of 1 cached signature).");
    expect(f.explainCacheMiss(tripsTable().select(["PULocationID", "fare_amount", "tip_amount", "total_amount", "trip_distance", "store_and_fwd_flag"]), 3)).toContain(
      "argument 0 (trips) schema differs: column tpep_pickup_datetime is gone",
    );
  });

  it("when/otherwise, string ops and literals run on the backend", async () => {
    const f = djit(
      (trips: Frame) =>
        trips
          .withColumns({
            band: when(col("fare_amount").gte(20)).then("high").when(col("fare_amount").gte(8)).then("mid").otherwise("low"),
            flag: col("store_and_fwd_flag").fillNull("?").lower(),
            one: lit(1),
          })
          .select("fare_amount", "band", "flag", "one"),
      { container },
    );
    const rows = rowsOf(await f(tripsTable()), "fare_amount");
    expect(rows.map((r) => [r.fare_amount, r.band, r.flag, r.one])).toEqual([
      [0, "low", "y", 1],
      [4, "low", "y", 1],
      [8, "mid", "?", 1],
      [10, "mid", "n", 1],
      [12, "mid", "n", 1],
      [20, "high", "n", 1],
      [30, "high", "n", 1],
      [null, "low", "n", 1],
    ]);
  });

  it("runs a UDF given through the udfs option", async () => {
    const udfs = new UdfRegistry();
    udfs.register("double_fare", { mode: "row", fn: (row) => ({ doubled: row.fare_amount === null ? null : (row.fare_amount as number) * 2 }) });
    const f = djit((trips: Frame) => trips.udf("double_fare", { mode: "row", reads: ["fare_amount"], outputSchema: { doubled: t.float64 } }), { container, udfs });
    const out = await f(tripsTable());
    expect(rowsOf(out, "doubled").map((r) => r.doubled)).toEqual([0, 8, 16, 20, 24, 40, 60, null]);
  });

  it("joins two arguments, sorts and limits", async () => {
    const zones = new Table({
      LocationID: vectorFromArray([1, 2, 4], new Int32()),
      Borough: vectorFromArray(["Manhattan", "Queens", "Bronx"], new Utf8()),
    });
    const f = djit(
      (trips: Frame, zones: Frame) =>
        trips
          .join(zones, { leftOn: "PULocationID", rightOn: "LocationID", how: "left" })
          .select("PULocationID", "Borough", "fare_amount")
          .sort(["fare_amount"], { descending: true })
          .head(3),
      { container },
    );
    const out = await f(tripsTable(), zones);
    expect(out.toArray().map((r) => r.toJSON())).toEqual([
      { PULocationID: 3, Borough: null, fare_amount: 30 },
      { PULocationID: 1, Borough: "Manhattan", fare_amount: 20 },
      { PULocationID: 1, Borough: "Manhattan", fare_amount: 12 },
    ]);
  });

  it("returns what the unoptimized plan returns", async () => {
    const fn = (trips: Frame) =>
      trips
        .withColumns({ fare2: col("fare_amount").mul(2), flag: col("store_and_fwd_flag").eq("N") })
        .filter(col("flag").and(col("fare2").gt(10)))
        .groupBy("PULocationID")
        .agg({ n: count(), s: sum("fare2"), m: mean("tip_amount") })
        .filter(col("n").gt(0));
    const optimized = await djit(fn, { container })(tripsTable());
    const plain = await djit(fn, { container, optimize: false })(tripsTable());
    expect(rowsOf(optimized, "PULocationID")).toEqual(rowsOf(plain, "PULocationID"));
    expect(optimized.numRows).toBeGreaterThan(0);
  });
});
