import { describe, expect, it } from "vitest";
import {
  AggregateNode, Expr, FilterNode, GroupByNode, JoinNode, LimitNode, MapNode, RepartitionNode, ScanNode, Sharding, SortNode, UnionNode,
  field, printStageGraph, schema, stageGraphFromJson, stageGraphToJson, t, type PlanNode, type SourceRef,
} from "@datajax/core-ir";
import { planStages, type PlanStagesOptions } from "../src/index.js";

const col = Expr.column;
const lit = Expr.literal;
const count = (name: string) => ({ name, agg: Expr.aggregate("count", null) });
const mean = (name: string, c: string) => ({ name, agg: Expr.aggregate("mean", col(c)) });

const TRIPS = schema([
  field("VendorID", t.int32, false), field("tpep_pickup_datetime", t.timestamp("us"), false), field("trip_distance", t.float64, false),
  field("PULocationID", t.int32, false), field("fare_amount", t.float64, false), field("tip_amount", t.float64), field("total_amount", t.float64, false),
]);
const tripsRef: SourceRef = { kind: "parquet", name: "trips", uri: "data/taxi.parquet", slot: 0 };
const trips = (sharding: Sharding, columns: string[] | null = null, filter: Expr | null = null) => ScanNode.create(tripsRef, TRIPS, { sharding, columns, filter });

/** featurize as the optimizer leaves it: the projection and the filter inside the scan. */
function featurize(sharding: Sharding): PlanNode {
  const filter = Expr.call("and", [Expr.call("gt", [col("fare_amount"), lit(0, t.int32)]), Expr.call("gt", [col("trip_distance"), lit(0, t.int32)])]);
  const scan = trips(sharding, ["tpep_pickup_datetime", "trip_distance", "PULocationID", "fare_amount", "tip_amount", "total_amount"], filter);
  const mapped = MapNode.create(scan, [
    { name: "hour", expr: Expr.call("hour", [col("tpep_pickup_datetime")]) },
    { name: "tip_ratio", expr: Expr.call("div", [col("tip_amount"), col("total_amount")]) },
  ]);
  return AggregateNode.create(GroupByNode.create(mapped, ["PULocationID", "hour"]), [count("trips"), mean("mean_fare", "fare_amount"), mean("mean_tip_ratio", "tip_ratio")]);
}

const text = (plan: PlanNode, options?: PlanStagesOptions) => printStageGraph(planStages(plan, options));
const exchanges = (plan: PlanNode, options?: PlanStagesOptions) => planStages(plan, options).stages.length - 1;

describe("planStages over sharded inputs", () => {
  it("featurize over a scan sharded by another key: projection and filter in the scan, a partial aggregate before the one exchange", () => {
    const listing = text(featurize(Sharding.hash(["VendorID"])));
    expect(listing).toMatch(/^stage s0 <- \[\] \{PULocationID:int32, hour:int32, __p0_n:int64, __p1_s:float64\?, __p1_n:int64, __p2_s:float64\?, __p2_n:int64\} @hash\(PULocationID, hour\)/);
    expect(listing).toContain("scan[parquet:data/taxi.parquet columns=[tpep_pickup_datetime, trip_distance, PULocationID, fare_amount, tip_amount, total_amount] filter=(fare_amount > 0) and (trip_distance > 0)]");
    expect(listing).toContain("aggregate[__p0_n = count(), __p1_s = sum(fare_amount), __p1_n = count(fare_amount), __p2_s = sum(tip_ratio), __p2_n = count(tip_ratio)]");
    expect(listing).toMatch(/stage s1 \(output\) <- \[s0\] \{PULocationID:int32, hour:int32, trips:int64, mean_fare:float64\?, mean_tip_ratio:float64\?\} @hash\(PULocationID, hour\)/);
    expect(listing).toContain("scan[stage:s0]");
    expect(listing).toContain("aggregate[__f0_n = sum(__p0_n), __f1_s = sum(__p1_s), __f1_n = sum(__p1_n), __f2_s = sum(__p2_s), __f2_n = sum(__p2_n)]");
    expect(listing).toContain("trips = fill_null(__f0_n, 0)");
    expect(exchanges(featurize(Sharding.hash(["VendorID"])))).toBe(1);
  });

  it("grouped by the key it is sharded by: no exchange; by another key: exactly one", () => {
    const byZone = (s: Sharding) => AggregateNode.create(GroupByNode.create(trips(s), ["PULocationID"]), [count("n")]);
    expect(exchanges(byZone(Sharding.hash(["PULocationID"])))).toBe(0);
    expect(text(byZone(Sharding.hash(["PULocationID"])))).not.toContain("stage s1");
    expect(exchanges(byZone(Sharding.hash(["VendorID"])))).toBe(1);
    expect(exchanges(byZone(Sharding.block()))).toBe(1);
    // Sharded by a subset of the keys also keeps each group on one rank.
    expect(exchanges(featurize(Sharding.hash(["PULocationID"])))).toBe(0);
    // Single-process plans stay one stage, unchanged.
    const single = byZone(Sharding.single);
    expect(planStages(single).stages[0]!.plan).toBe(single);
  });

  it("exchanges first when an aggregate does not split, when told to, or when groups look nearly unique", () => {
    const distinct = AggregateNode.create(GroupByNode.create(trips(Sharding.block()), ["PULocationID"]), [{ name: "vendors", agg: Expr.aggregate("count_distinct", col("VendorID")) }]);
    expect(text(distinct)).toMatch(/^stage s0 <- \[\] \{VendorID:int32, [^}]*\} @hash\(PULocationID\) hash=\w+\n  t0: [^\n]*= scan\[parquet:data\/taxi.parquet\]\n  return t0\nstage s1 \(output\) <- \[s0\]/);
    const plain = AggregateNode.create(GroupByNode.create(trips(Sharding.block()), ["PULocationID"]), [mean("m", "fare_amount")]);
    expect(text(plain, { aggregation: "exchange_first" })).not.toContain("__p");
    expect(text(plain)).toContain("__p0_s");
    const unique = { estimates: { rows: () => 1_000_000, distinct: () => 900_000 } };
    expect(text(plain, unique)).not.toContain("__p");
    expect(text(plain, { estimates: { rows: () => 1_000_000, distinct: () => 265 } })).toContain("__p0_s");
  });

  it("a global aggregate over distributed rows: partials on every rank, gathered, then the final", () => {
    const total = AggregateNode.create(trips(Sharding.block()), [count("n"), { name: "fare", agg: Expr.aggregate("sum", col("fare_amount")) }]);
    const listing = text(total);
    expect(listing).toMatch(/stage s0 <- \[\] \{__p0_n:int64, fare:float64\?\}|stage s0 <- \[\] \{__p0_n:int64, __p1_s:float64\?\} @replicated/);
    expect(listing).toMatch(/stage s1 \(output\) <- \[s0\] \{n:int64, fare:float64\?\} @replicated/);
  });

  describe("joins", () => {
    const ZONES = schema([field("LocationID", t.int32, false), field("borough", t.utf8())]);
    const zones = (s: Sharding) => ScanNode.create({ kind: "parquet", name: "zones", uri: "data/zones.parquet", slot: 1 }, ZONES, { sharding: s });
    const join = (l: PlanNode, r: PlanNode, how: "inner" | "left" | "right" | "full" = "inner") => JoinNode.create(l, r, how, ["PULocationID"], ["LocationID"]);
    const small = { estimates: { rows: (s: SourceRef) => (s.name === "zones" ? 265 : 10_000_000) } };

    it("broadcasts a right side under the threshold, shuffles both sides of an unknown or large one", () => {
      const broadcast = text(join(trips(Sharding.block()), zones(Sharding.block())), small);
      expect(broadcast).toMatch(/^stage s0 <- \[\] \{LocationID:int32, borough:utf8\?\} @replicated/);
      expect(broadcast).toMatch(/stage s1 \(output\) <- \[s0\] [^\n]* @block/);
      const shuffled = planStages(join(trips(Sharding.block()), zones(Sharding.block())));
      expect(shuffled.stages.map((s) => printStageGraph({ stages: [s], output: s.id }).split("\n")[0])).toEqual([
        expect.stringMatching(/^stage s0 \(output\) <- \[\] \{VendorID:int32, .*\} @hash\(PULocationID\) hash=\w+$/),
        expect.stringMatching(/^stage s1 \(output\) <- \[\] \{LocationID:int32, borough:utf8\?\} @hash\(LocationID\) hash=\w+$/),
        expect.stringMatching(/^stage s2 \(output\) <- \[s0, s1\] .* @hash\(PULocationID\) hash=\w+$/),
      ]);
      expect(exchanges(join(trips(Sharding.block()), zones(Sharding.block())), { broadcastThresholdBytes: 0, ...small })).toBe(2);
    });

    it("keeps co-partitioned sides in place, and never broadcasts the right side of a right or full join", () => {
      expect(exchanges(join(trips(Sharding.hash(["PULocationID"])), zones(Sharding.hash(["LocationID"]))))).toBe(0);
      expect(exchanges(join(trips(Sharding.hash(["PULocationID"])), zones(Sharding.block())))).toBe(1);
      expect(exchanges(join(trips(Sharding.block()), zones(Sharding.replicated())))).toBe(0);
      expect(text(join(trips(Sharding.block()), zones(Sharding.replicated()), "right"))).toMatch(/\{LocationID:int32, borough:utf8\?\} @hash\(LocationID\)/);
      expect(text(join(trips(Sharding.block()), zones(Sharding.block()), "full"), small)).not.toContain("@replicated");
    });
  });

  it("sorts and limits over distributed rows gather first (a limit cuts each rank's share before)", () => {
    const sorted = SortNode.create(trips(Sharding.block()), [{ column: "fare_amount", descending: true, nullsLast: true }]);
    expect(text(sorted)).toMatch(/^stage s0 <- \[\] \{[^}]*\} @replicated hash=\w+\n  t0: [^\n]* @block = scan\[parquet:data\/taxi.parquet\]\n  return t0\nstage s1 \(output\) <- \[s0\] [^\n]*@replicated hash=\w+\n  t0: [^\n]* = scan\[stage:s0\]\n[\s\S]*sort\[fare_amount desc/);
    const limited = text(LimitNode.create(trips(Sharding.block()), 10, 5));
    expect(limited).toMatch(/stage s0 <- \[\][\s\S]*limit\[15\]/);
    expect(limited).toMatch(/stage s1 \(output\)[\s\S]*limit\[10 offset 5\]/);
  });

  it("a union of replicated and distributed inputs splits the replicated one into blocks; unsharded scans are replicated", () => {
    const u = UnionNode.create([trips(Sharding.block()), trips(Sharding.single)]);
    const g = planStages(u);
    expect(g.stages).toHaveLength(2);
    expect(printStageGraph(g)).toMatch(/^stage s0 <- \[\] [^\n]* @block hash=\w+\n  t0: [^\n]* @replicated = scan/);
  });

  it("keeps a strict repartition, drops a non-strict one the input already meets", () => {
    const scan = trips(Sharding.hash(["PULocationID"]));
    expect(exchanges(RepartitionNode.create(scan, Sharding.hash(["PULocationID"]), false))).toBe(0);
    expect(exchanges(RepartitionNode.create(scan, Sharding.hash(["PULocationID"]), true))).toBe(1);
    expect(exchanges(RepartitionNode.create(scan, Sharding.hash(["VendorID"])))).toBe(1);
  });

  it("multi-stage graphs round-trip through JSON unchanged", () => {
    for (const plan of [featurize(Sharding.block()), JoinNode.create(trips(Sharding.block()), AggregateNode.create(GroupByNode.create(trips(Sharding.block()), ["PULocationID"]), [mean("avg_fare", "fare_amount")]), "inner", ["PULocationID"]), FilterNode.create(trips(Sharding.block()), Expr.call("gt", [col("fare_amount"), lit(5, t.float64)]))]) {
      const g = planStages(plan);
      const back = stageGraphFromJson(JSON.parse(JSON.stringify(stageGraphToJson(g))));
      expect(stageGraphToJson(back)).toEqual(stageGraphToJson(g));
      expect(printStageGraph(back)).toBe(printStageGraph(g));
    }
  });
});
