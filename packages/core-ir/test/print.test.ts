import { describe, expect, it } from "vitest";
import {
  AggregateNode,
  Expr,
  FilterNode,
  GroupByNode,
  JoinNode,
  LimitNode,
  MapNode,
  ProjectNode,
  RepartitionNode,
  ScanNode,
  Sharding,
  SortNode,
  UnionNode,
  explainTree,
  field,
  formatAggregate,
  formatExpr,
  formatLiteral,
  printPlan,
  printStageGraph,
  schema,
  t,
  type PlanNode,
  type StageGraph,
} from "../src/index.js";
import { argScan, call, col, lit } from "./fixtures.js";

const f64 = (v: number) => lit(v, t.float64);

const TAXI = schema([
  field("PULocationID", t.int32, false),
  field("pickup", t.timestamp("us")),
  field("fare_amount", t.float64),
  field("trip_distance", t.float64),
  field("tip_amount", t.float64),
  field("total_amount", t.float64),
]);

/** DESIGN §9: filter → with_columns → repartition → group_by → agg. */
function featurize(): PlanNode {
  const trips = argScan(TAXI);
  const filtered = FilterNode.create(trips, call("and", [call("gt", [col("fare_amount"), f64(0)]), call("gt", [col("trip_distance"), f64(0)])]));
  const mapped = MapNode.create(filtered, [
    { name: "hour", expr: call("hour", [col("pickup")]) },
    { name: "tip_ratio", expr: call("div", [col("tip_amount"), col("total_amount")]) },
  ]);
  const narrow = ProjectNode.select(mapped, ["PULocationID", "hour", "fare_amount", "tip_ratio"]);
  const rep = RepartitionNode.create(narrow, Sharding.hash(["PULocationID"]));
  return AggregateNode.create(GroupByNode.create(rep, ["PULocationID", "hour"]), [
    { name: "trips", agg: Expr.aggregate("count", null) },
    { name: "mean_fare", agg: Expr.aggregate("mean", col("fare_amount")) },
    { name: "mean_tip_ratio", agg: Expr.aggregate("mean", col("tip_ratio")) },
  ]);
}

describe("printPlan", () => {
  it("prints the featurize plan as a jaxpr-like listing", () => {
    expect(printPlan(featurize())).toBe(
      [
        "t0: {PULocationID:int32, pickup:timestamp[us]?, fare_amount:float64?, trip_distance:float64?, tip_amount:float64?, total_amount:float64?} = scan[trips]",
        "t1: {PULocationID:int32, pickup:timestamp[us]?, fare_amount:float64?, trip_distance:float64?, tip_amount:float64?, total_amount:float64?} = filter[(fare_amount > 0.0) and (trip_distance > 0.0)] t0",
        "t2: {PULocationID:int32, pickup:timestamp[us]?, fare_amount:float64?, trip_distance:float64?, tip_amount:float64?, total_amount:float64?, hour:int32?, tip_ratio:float64?} = map[hour = hour(pickup), tip_ratio = tip_amount / total_amount] t1",
        "t3: {PULocationID:int32, hour:int32?, fare_amount:float64?, tip_ratio:float64?} = project[PULocationID, hour, fare_amount, tip_ratio] t2",
        "t4: {PULocationID:int32, hour:int32?, fare_amount:float64?, tip_ratio:float64?} @hash(PULocationID) = repartition[@hash(PULocationID)] t3",
        "t5: {PULocationID:int32, hour:int32?, fare_amount:float64?, tip_ratio:float64?} @hash(PULocationID) = group_by[PULocationID, hour] t4",
        "t6: {PULocationID:int32, hour:int32?, trips:int64, mean_fare:float64?, mean_tip_ratio:float64?} @hash(PULocationID) = aggregate[trips = count(), mean_fare = mean(fare_amount), mean_tip_ratio = mean(tip_ratio)] t5",
        "return t6",
      ].join("\n"),
    );
  });

  it("binds a shared subplan once and refers to it by name; joins list both inputs", () => {
    const s = argScan(schema([field("k", t.int32, false), field("v", t.utf8())]), Sharding.single, "kv");
    const limited = LimitNode.create(s, 5, 2);
    const j = JoinNode.create(limited, limited, "inner", ["k"]);
    expect(printPlan(j)).toBe(
      [
        "t0: {k:int32, v:utf8?} = scan[kv]",
        "t1: {k:int32, v:utf8?} = limit[5 offset 2] t0",
        "t2: {k:int32, v:utf8?, v_right:utf8?} = join[inner on k] t1 t1",
        "return t2",
      ].join("\n"),
    );
  });

  it("labels every other node kind", () => {
    const src = ScanNode.create({ kind: "parquet", name: "taxi", uri: "data/taxi.parquet" }, TAXI, {
      columns: ["PULocationID", "fare_amount"],
      filter: call("gt", [col("fare_amount"), f64(0)]),
      sharding: Sharding.block(),
    });
    const other = argScan(schema([field("zone", t.int32, false), field("name", t.utf8())]), Sharding.replicated(), "zones", 1);
    const j = JoinNode.create(src, other, "semi", ["PULocationID"], ["zone"]);
    const sorted = SortNode.create(j, [
      { column: "fare_amount", descending: true, nullsLast: true },
      { column: "PULocationID", descending: false, nullsLast: false },
    ]);
    const u = UnionNode.create([sorted, LimitNode.create(sorted, 3)]);
    const r = RepartitionNode.create(u, Sharding.single, true);
    expect(printPlan(r)).toBe(
      [
        "t0: {PULocationID:int32, fare_amount:float64?} @block = scan[parquet:data/taxi.parquet columns=[PULocationID, fare_amount] filter=fare_amount > 0.0]",
        "t1: {zone:int32, name:utf8?} @replicated = scan[zones]",
        "t2: {PULocationID:int32, fare_amount:float64?} @block = join[semi on PULocationID = zone] t0 t1",
        "t3: {PULocationID:int32, fare_amount:float64?} @block = sort[fare_amount desc, PULocationID nulls first] t2",
        "t4: {PULocationID:int32, fare_amount:float64?} @block = limit[3] t3",
        "t5: {PULocationID:int32, fare_amount:float64?} @block = union[2 inputs] t3 t4",
        "t6: {PULocationID:int32, fare_amount:float64?} = repartition[single strict] t5",
        "return t6",
      ].join("\n"),
    );
  });
});

describe("explainTree", () => {
  it("prints the featurize plan as an indented tree", () => {
    expect(explainTree(featurize())).toBe(
      [
        "Aggregate: trips = count(), mean_fare = mean(fare_amount), mean_tip_ratio = mean(tip_ratio) @hash(PULocationID)",
        "  GroupBy: PULocationID, hour @hash(PULocationID)",
        "    Repartition: @hash(PULocationID) @hash(PULocationID)",
        "      Project: PULocationID, hour, fare_amount, tip_ratio",
        "        Map: hour = hour(pickup), tip_ratio = tip_amount / total_amount",
        "          Filter: (fare_amount > 0.0) and (trip_distance > 0.0)",
        "            Scan: trips",
      ].join("\n"),
    );
  });

  it("appends schemas on request and prints renames and UDFs", () => {
    const s = argScan(schema([field("k", t.int32, false), field("v", t.utf8())]), Sharding.single, "kv");
    const p = ProjectNode.create(s, [{ name: "key", from: "k" }]);
    expect(explainTree(p, { schemas: true })).toBe(["Project: k as key :: {key:int32}", "  Scan: kv :: {k:int32, v:utf8?}"].join("\n"));
  });
});

describe("formatExpr", () => {
  it.each([
    [call("and", [call("gt", [col("a"), f64(0)]), call("gt", [col("b"), f64(0)])]), "(a > 0.0) and (b > 0.0)"],
    [call("add", [col("a"), call("mul", [col("b"), col("c")])]), "a + (b * c)"],
    [call("mul", [call("add", [col("a"), col("b")]), col("c")]), "(a + b) * c"],
    [call("sub", [call("sub", [col("a"), col("b")]), col("c")]), "(a - b) - c"],
    [call("sub", [col("a"), call("sub", [col("b"), col("c")])]), "a - (b - c)"],
    [call("neg", [col("a")]), "-a"],
    [call("neg", [call("add", [col("a"), col("b")])]), "-(a + b)"],
    [call("not", [call("eq", [col("a"), lit(1, t.int32)])]), "not (a == 1)"],
    [call("not", [call("is_null", [col("a")])]), "not is_null(a)"],
    [call("floordiv", [col("a"), lit(2, t.int32)]), "a // 2"],
    [call("mod", [col("a"), lit(2, t.int32)]), "a % 2"],
    [call("or", [col("p"), call("and", [col("q"), col("r")])]), "p or (q and r)"],
    [call("cast", [col("a")], { to: t.float64 }), "cast[float64](a)"],
    [call("cast", [col("a")], { to: t.timestamp("ms", "UTC") }), "cast[timestamp[ms, UTC]](a)"],
    [call("round", [col("a")], { decimals: 2 }), "round[2](a)"],
    [call("coalesce", [col("a"), col("b"), f64(0)]), "coalesce(a, b, 0.0)"],
    [call("if_else", [call("gt", [col("a"), f64(0)]), call("add", [col("a"), f64(1)]), col("b")]), "if_else(a > 0.0, a + 1.0, b)"],
    [call("substring", [col("s"), lit(0, t.int32), lit(3, t.int32)]), "substring(s, 0, 3)"],
    [col("fare amount"), "`fare amount`"],
    [col("_x9"), "_x9"],
    [col("9x"), "`9x`"],
  ])("%#: %s", (e, want) => {
    expect(formatExpr(e)).toBe(want);
  });

  it.each([
    [null, t.float64, "null"],
    [true, t.bool, "true"],
    [1, t.int32, "1"],
    [-7, t.int64, "-7"],
    [1, t.float64, "1.0"],
    [0, t.float32, "0.0"],
    [-0, t.float64, "-0.0"],
    [-2, t.float64, "-2.0"],
    [0.5, t.float64, "0.5"],
    [1e21, t.float64, "1e+21"],
    [1e-7, t.float64, "1e-7"],
    [Number.NaN, t.float64, "NaN"],
    [Number.POSITIVE_INFINITY, t.float64, "Infinity"],
    [Number.NEGATIVE_INFINITY, t.float64, "-Infinity"],
    [123n, t.int64, "123"],
    ["a\"b", t.utf8(), '"a\\"b"'],
    ["x", t.utf8(true), '"x"'],
    [19723, t.date32, "19723"],
  ] as const)("literal %s : %o prints as %s", (v, type, want) => {
    expect(formatLiteral(v, type)).toBe(want);
    expect(formatExpr(lit(v, type))).toBe(want);
  });

  it("formats aggregates", () => {
    expect(formatAggregate(Expr.aggregate("count", null))).toBe("count()");
    expect(formatAggregate(Expr.aggregate("mean", call("div", [col("tip"), col("total")])))).toBe("mean(tip / total)");
  });
});

describe("printStageGraph", () => {
  it("prints each stage with its inputs, schema, sharding, short hash and plan", () => {
    const s0 = featurize();
    const read = ScanNode.create({ kind: "stage", name: "s0", uri: "stage:s0" }, s0.schema, { sharding: s0.sharding });
    const s1 = LimitNode.create(read, 10);
    const g: StageGraph = {
      stages: [
        { id: "s0", plan: s0, inputs: [], schema: s0.schema, sharding: s0.sharding, hash: "0123456789abcdef0123" },
        { id: "s1", plan: s1, inputs: ["s0"], schema: s1.schema, sharding: s1.sharding, hash: "fedcba9876543210fedc" },
      ],
      output: "s1",
    };
    const text = printStageGraph(g).split("\n");
    expect(text[0]).toBe("stage s0 <- [] {PULocationID:int32, hour:int32?, trips:int64, mean_fare:float64?, mean_tip_ratio:float64?} @hash(PULocationID) hash=0123456789ab");
    expect(text.slice(1, 9)).toEqual(printPlan(s0).split("\n").map((l) => `  ${l}`));
    expect(text.slice(9)).toEqual([
      "stage s1 (output) <- [s0] {PULocationID:int32, hour:int32?, trips:int64, mean_fare:float64?, mean_tip_ratio:float64?} @hash(PULocationID) hash=fedcba987654",
      "  t0: {PULocationID:int32, hour:int32?, trips:int64, mean_fare:float64?, mean_tip_ratio:float64?} @hash(PULocationID) = scan[stage:stage:s0]",
      "  t1: {PULocationID:int32, hour:int32?, trips:int64, mean_fare:float64?, mean_tip_ratio:float64?} @hash(PULocationID) = limit[10] t0",
      "  return t1",
    ]);
  });
});
