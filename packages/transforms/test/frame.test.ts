import { describe, expect, it } from "vitest";
import { ColumnNotFoundError, field, formatSchema, PlanValidationError, schema, Sharding, t, TypeMismatchError } from "@datajax/core-ir";
import { col, count, Frame, lit, mean, sum, when } from "../src/index.js";
import { trips, tripsSchema } from "./fixtures.js";

const zones = () =>
  Frame.fromSchema("zones", schema([field("LocationID", t.int32, false), field("Borough", t.utf8()), field("fare_amount", t.float64)]), { slot: 1 });

describe("Frame: trace-time errors", () => {
  it("a bad column name fails with ColumnNotFoundError naming the operation, the close match and the schema", () => {
    const f = trips();
    let err: unknown;
    try {
      f.filter(col("fare_amont").gt(0));
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ColumnNotFoundError);
    const e = err as ColumnNotFoundError;
    expect(e.code).toBe("DJX_COLUMN_NOT_FOUND");
    expect(e.operation).toBe("filter");
    expect(e.column).toBe("fare_amont");
    expect(e.suggestion).toBe("fare_amount");
    expect(e.message).toContain('filter: no column named "fare_amont". Did you mean "fare_amount"?');
    expect(e.message).toContain(`schema in scope: ${formatSchema(tripsSchema)}`);
  });

  it("names the operation for every verb", () => {
    const f = trips();
    expect(() => f.withColumns({ r: col("tip_amout").div(col("total_amount")) })).toThrow(/^with_columns r: no column named "tip_amout"\. Did you mean "tip_amount"\?/);
    expect(() => f.select("PULocationId")).toThrow(/^select: no column named "PULocationId"\. Did you mean "PULocationID"\?/);
    expect(() => f.groupBy("PULocation")).toThrow(/^group_by: no column named "PULocation"/);
    expect(() => f.groupBy("PULocationID").agg({ m: mean("fare_amout") })).toThrow(/^agg m: no column named "fare_amout"\. Did you mean "fare_amount"\?/);
    expect(() => f.sort("fare")).toThrow(/^sort: no column named "fare"/);
    expect(() => f.rename({ VendorId: "vendor" })).toThrow(/^rename: no column named "VendorId"\. Did you mean "VendorID"\?/);
    expect(() => f.drop("vendor")).toThrow(/^drop: no column named "vendor"/);
    expect(() => f.join(zones(), { leftOn: "PULocationID", rightOn: "LocationId" })).toThrow(/^join \(right key\): no column named "LocationId"\. Did you mean "LocationID"\?/);
    expect(() => f.col("fare")).toThrow(ColumnNotFoundError);
  });

  it("utf8 + int fails with TypeMismatchError at trace time", () => {
    const f = trips();
    const attempt = () => f.withColumns({ bad: col("store_and_fwd_flag").add(1) });
    expect(attempt).toThrow(TypeMismatchError);
    expect(attempt).toThrow(/^with_columns bad: add expects numbers, got utf8, int32 in store_and_fwd_flag \+ 1\. Cast one side first/);
    expect(() => f.filter(col("fare_amount"))).toThrow(/^filter: the predicate is float64, not bool/);
    expect(() => f.agg({ s: sum("store_and_fwd_flag") })).toThrow(TypeMismatchError);
    expect(() => f.filter(col("fare_amount").gt(0).and(col("VendorID")))).toThrow(/and expects booleans/);
  });

  it("rejects malformed plans with PlanValidationError", () => {
    const f = trips();
    expect(() => f.groupBy()).toThrow(PlanValidationError);
    expect(() => f.agg({})).toThrow(/at least one aggregate/);
    expect(() => f.agg({ m: col("x") as never })).toThrow(/got a Series \(wrap it: sum\(series\)\)/);
    expect(() => f.limit(-1)).toThrow(PlanValidationError);
    expect(() => f.union(zones())).toThrow(/same columns in the same order/);
    expect(() => f.sort(["a", "b"].map(() => "fare_amount"), { descending: [true] })).toThrow(/descending has 1 flags for 2 keys/);
    expect(() => f.join(zones(), { on: "x", leftOn: "y" })).toThrow(/not both/);
  });
});

describe("Frame: schemas and shardings", () => {
  it("the featurize pipeline of DESIGN §9 traces to the expected schema", () => {
    const out = trips()
      .filter(col("fare_amount").gt(0).and(col("trip_distance").gt(0)))
      .withColumns({ hour: col("tpep_pickup_datetime").hour(), tip_ratio: col("tip_amount").div(col("total_amount")) })
      .groupBy("PULocationID", "hour")
      .agg({ trips: count(), mean_fare: mean("fare_amount"), mean_tip_ratio: mean("tip_ratio") });
    expect(formatSchema(out.schema)).toBe("{PULocationID:int32, hour:int32, trips:int64, mean_fare:float64?, mean_tip_ratio:float64?}");
    expect(out.columns).toEqual(["PULocationID", "hour", "trips", "mean_fare", "mean_tip_ratio"]);
    expect(out.sharding).toEqual(Sharding.single);
    expect(out.plan.kind).toBe("Aggregate");
  });

  it("select, rename, drop, withColumns replace and append", () => {
    const f = trips();
    expect(f.select("fare_amount", { loc: "PULocationID" }).columns).toEqual(["fare_amount", "loc"]);
    expect(f.rename({ VendorID: "vendor" }).columns[0]).toBe("vendor");
    expect(f.drop("VendorID", "store_and_fwd_flag").columns).not.toContain("VendorID");
    const w = f.withColumns({ fare_amount: col("fare_amount").fillNull(0), flag: lit(true) });
    expect(formatSchema(w.select("fare_amount", "flag").schema)).toBe("{fare_amount:float64, flag:bool}");
    expect(w.columns.indexOf("fare_amount")).toBe(f.columns.indexOf("fare_amount"));
    expect(f.withColumn("cat", when(col("fare_amount").gt(10)).then("big").otherwise("small")).schema.fields.at(-1)?.type).toEqual(t.utf8());
  });

  it("join, sort, limit, head, union, global agg and udf", () => {
    const j = trips().join(zones(), { leftOn: "PULocationID", rightOn: "LocationID", how: "left" });
    expect(j.columns.slice(-2)).toEqual(["Borough", "fare_amount_right"]);
    expect(trips().join(zones().rename({ LocationID: "PULocationID" }), { on: "PULocationID", suffix: "_z" }).columns.at(-1)).toBe("fare_amount_z");
    const s = trips().sort(["PULocationID", "fare_amount"], { descending: [false, true] }).head(3);
    expect(s.plan.kind).toBe("Limit");
    expect(trips().limit(10, 5).plan).toMatchObject({ count: 10, offset: 5 });
    expect(trips().union(trips(), trips()).plan).toMatchObject({ kind: "Union" });
    expect(formatSchema(trips().agg({ n: count(), total: sum("fare_amount") }).schema)).toBe("{n:int64, total:float64?}");
    const u = trips().udf("score", { reads: ["fare_amount"], outputSchema: { score: t.float64 } });
    expect(u.columns).toEqual(["score"]);
    expect(() => trips().udf("score", { reads: ["fare"], outputSchema: { score: t.float64 } })).toThrow(/^udf score: no column named "fare"/);
  });

  it("sharding follows the plan: a groupBy over a block-sharded input is hash-sharded on its keys", () => {
    const f = Frame.fromSchema("trips", tripsSchema, { sharding: Sharding.block() });
    const g = f.groupBy("PULocationID").agg({ n: count() });
    expect(g.sharding).toEqual(Sharding.hash(["PULocationID"]));
    expect(g.explain()).toContain("@hash(PULocationID) = aggregate[n = count()]");
  });

  it("frames are immutable: operations return new frames", () => {
    const f = trips();
    const g = f.filter(col("fare_amount").gt(0));
    expect(g === f).toBe(false);
    expect(f.plan.kind).toBe("Scan");
  });
});
