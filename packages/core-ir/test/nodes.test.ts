import { describe, expect, it } from "vitest";
import {
  AggregateNode,
  ColumnNotFoundError,
  CustomUdfNode,
  Expr,
  FilterNode,
  GroupByNode,
  JoinNode,
  LimitNode,
  MapNode,
  PlanValidationError,
  ProjectNode,
  RepartitionNode,
  ScanNode,
  Sharding,
  SortNode,
  TypeMismatchError,
  UnionNode,
  childrenOf,
  colocates,
  field,
  formatSchema,
  formatSharding,
  printPlan,
  renameSharding,
  sameSharding,
  schema,
  t,
  transformUp,
  walkPlan,
  withChildren,
  type JoinHow,
  type PlanNode,
} from "../src/index.js";
import { argScan, call, col, everyKindPlan, lit, TRIPS } from "./fixtures.js";

const f64 = (v: number) => lit(v, t.float64);
const fmt = (n: PlanNode) => formatSchema(n.schema);

function thrown(fn: () => unknown): Error {
  try {
    fn();
  } catch (e) {
    return e as Error;
  }
  throw new Error("expected a throw");
}

describe("Scan", () => {
  const src = { kind: "parquet", name: "taxi", uri: "data/taxi.parquet" };

  it("outputs the source schema, or the pushed columns in the requested order", () => {
    expect(fmt(ScanNode.create(src, TRIPS))).toBe(formatSchema(TRIPS));
    const s = ScanNode.create(src, TRIPS, { columns: ["fare_amount", "PULocationID"] });
    expect(fmt(s)).toBe("{fare_amount:float64?, PULocationID:int32}");
    expect(s.sourceSchema).toBe(TRIPS);
    expect(s.sharding).toEqual(Sharding.single);
  });

  it("rejects unknown pushed columns with a suggestion", () => {
    const e = thrown(() => ScanNode.create(src, TRIPS, { columns: ["fare_amnt"] }));
    expect(e).toBeInstanceOf(ColumnNotFoundError);
    expect(e.message).toMatch(/scan taxi: no column named "fare_amnt"\. Did you mean "fare_amount"\?/);
  });

  it("type-checks a pushed filter against the source schema (not the projection)", () => {
    const s = ScanNode.create(src, TRIPS, { columns: ["PULocationID"], filter: call("gt", [col("fare_amount"), f64(0)]) });
    expect(s.filter).not.toBeNull();
    expect(() => ScanNode.create(src, TRIPS, { filter: col("fare_amount") })).toThrowError(TypeMismatchError);
    expect(() => ScanNode.create(src, TRIPS, { filter: call("gt", [col("nope"), f64(0)]) })).toThrowError(ColumnNotFoundError);
  });

  it("keeps the sharding it is given", () => {
    expect(argScan(TRIPS, Sharding.block()).sharding).toEqual(Sharding.block("data"));
  });

  it("rejects a hash sharding with no keys (plan JSON could not hold it)", () => {
    expect(() => argScan(TRIPS, Sharding.hash([]))).toThrowError(PlanValidationError);
  });
});

describe("Map", () => {
  it("replaces a column in place and appends new ones in order", () => {
    const m = MapNode.create(argScan(), [
      { name: "tip_ratio", expr: call("div", [col("tip_amount"), col("total_amount")]) },
      { name: "fare_amount", expr: call("cast", [col("fare_amount")], { to: t.float32 }) },
      { name: "hour", expr: call("hour", [col("tpep_pickup_datetime")]) },
    ]);
    expect(fmt(m)).toBe(
      "{PULocationID:int32, tpep_pickup_datetime:timestamp[us]?, fare_amount:float32?, trip_distance:float64?, tip_amount:float64?, total_amount:float64?, tip_ratio:float64?, hour:int32?}",
    );
  });

  it("every expression reads the input, not a sibling assignment", () => {
    const e = thrown(() => MapNode.create(argScan(), [{ name: "x", expr: f64(1) }, { name: "y", expr: call("add", [col("x"), f64(1)]) }]));
    expect(e).toBeInstanceOf(ColumnNotFoundError);
    expect(e.message).toMatch(/^with_columns y: no column named "x"/);
  });

  it("rejects assigning one name twice", () => {
    expect(() => MapNode.create(argScan(), [{ name: "x", expr: f64(1) }, { name: "x", expr: f64(2) }])).toThrowError(PlanValidationError);
  });

  it("names the assignment in type errors", () => {
    const e = thrown(() => MapNode.create(argScan(), [{ name: "bad", expr: call("add", [col("fare_amount"), lit("x", t.utf8())]) }], "with_columns"));
    expect(e).toBeInstanceOf(TypeMismatchError);
    expect(e.message).toMatch(/^with_columns bad: add expects numbers, got float64, utf8/);
  });

  it("keeps a hash sharding whose keys it does not touch, and degrades to block when it replaces a key", () => {
    const input = argScan(TRIPS, Sharding.hash(["PULocationID"]));
    expect(MapNode.create(input, [{ name: "x", expr: f64(1) }]).sharding).toEqual(Sharding.hash(["PULocationID"]));
    const replaced = MapNode.create(input, [{ name: "PULocationID", expr: call("add", [col("PULocationID"), lit(1, t.int32)]) }]);
    expect(replaced.sharding).toEqual(Sharding.block("data"));
    expect(MapNode.create(argScan(TRIPS, Sharding.replicated("r")), [{ name: "x", expr: f64(1) }]).sharding).toEqual(Sharding.replicated("r"));
  });
});

describe("Project", () => {
  it("selects, reorders and renames", () => {
    const p = ProjectNode.create(argScan(), [
      { name: "fare", from: "fare_amount" },
      { name: "PULocationID", from: "PULocationID" },
    ]);
    expect(fmt(p)).toBe("{fare:float64?, PULocationID:int32}");
    expect(fmt(ProjectNode.select(argScan(), ["trip_distance"]))).toBe("{trip_distance:float64?}");
  });

  it("may output one input column twice under two names", () => {
    const p = ProjectNode.create(argScan(), [{ name: "a", from: "fare_amount" }, { name: "b", from: "fare_amount" }]);
    expect(fmt(p)).toBe("{a:float64?, b:float64?}");
  });

  it("rejects unknown and duplicated output columns", () => {
    const e = thrown(() => ProjectNode.select(argScan(), ["PULocationId"], "select"));
    expect(e).toBeInstanceOf(ColumnNotFoundError);
    expect(e.message).toMatch(/select: no column named "PULocationId"\. Did you mean "PULocationID"\?/);
    expect(() => ProjectNode.create(argScan(), [{ name: "a", from: "fare_amount" }, { name: "a", from: "tip_amount" }])).toThrowError(/output column "a" appears twice/);
  });

  it("renames a hash key in the sharding, and degrades to block when it drops one", () => {
    const input = argScan(TRIPS, Sharding.hash(["PULocationID"], "x"));
    const renamed = ProjectNode.create(input, [{ name: "loc", from: "PULocationID" }, { name: "fare_amount", from: "fare_amount" }]);
    expect(renamed.sharding).toEqual(Sharding.hash(["loc"], "x"));
    expect(ProjectNode.select(input, ["fare_amount"]).sharding).toEqual(Sharding.block("x"));
  });
});

describe("Filter", () => {
  it("passes schema and sharding through", () => {
    const input = argScan(TRIPS, Sharding.hash(["PULocationID"]));
    const f = FilterNode.create(input, call("and", [call("gt", [col("fare_amount"), f64(0)]), call("gt", [col("trip_distance"), f64(0)])]));
    expect(f.schema).toBe(input.schema);
    expect(f.sharding).toBe(input.sharding);
  });

  it("rejects a non-boolean predicate", () => {
    const e = thrown(() => FilterNode.create(argScan(), col("fare_amount")));
    expect(e).toBeInstanceOf(TypeMismatchError);
    expect(e.message).toMatch(/^filter: the predicate is float64, not bool\. Compare it first/);
  });

  it("reports a misspelt column with the operation name", () => {
    expect(() => FilterNode.create(argScan(), call("gt", [col("fare_amout"), f64(0)]))).toThrowError(/^filter: no column named "fare_amout"\. Did you mean "fare_amount"\?/);
  });
});

describe("GroupBy and Aggregate", () => {
  it("GroupBy rejects empty, unknown and repeated keys", () => {
    const e = thrown(() => GroupByNode.create(argScan(), []));
    expect(e).toBeInstanceOf(PlanValidationError);
    expect(e.message).toMatch(/at least one key column/);
    expect(() => GroupByNode.create(argScan(), ["PULocationId"])).toThrowError(ColumnNotFoundError);
    expect(() => GroupByNode.create(argScan(), ["PULocationID", "PULocationID"])).toThrowError(/repeated/);
  });

  it("Aggregate over a GroupBy outputs the keys then the aggregates", () => {
    const withHour = MapNode.create(argScan(), [{ name: "hour", expr: call("hour", [col("tpep_pickup_datetime")]) }]);
    const a = AggregateNode.create(GroupByNode.create(withHour, ["PULocationID", "hour"]), [
      { name: "trips", agg: Expr.aggregate("count", null) },
      { name: "total", agg: Expr.aggregate("sum", col("PULocationID")) },
      { name: "mean_fare", agg: Expr.aggregate("mean", col("fare_amount")) },
      { name: "zones", agg: Expr.aggregate("count_distinct", col("PULocationID")) },
    ]);
    expect(a.keys).toEqual(["PULocationID", "hour"]);
    expect(fmt(a)).toBe("{PULocationID:int32, hour:int32?, trips:int64, total:int64?, mean_fare:float64?, zones:int64}");
  });

  it("a global Aggregate has no keys", () => {
    const a = AggregateNode.create(argScan(), [{ name: "n", agg: Expr.aggregate("count", null) }]);
    expect(a.keys).toEqual([]);
    expect(fmt(a)).toBe("{n:int64}");
  });

  it("rejects output names that clash with keys or each other, and bad aggregates", () => {
    const g = GroupByNode.create(argScan(), ["PULocationID"]);
    expect(() => AggregateNode.create(g, [{ name: "PULocationID", agg: Expr.aggregate("count", null) }])).toThrowError(PlanValidationError);
    expect(() => AggregateNode.create(g, [{ name: "n", agg: Expr.aggregate("count", null) }, { name: "n", agg: Expr.aggregate("count", null) }])).toThrowError(/clashes/);
    const e = thrown(() => AggregateNode.create(g, [{ name: "s", agg: Expr.aggregate("sum", lit("x", t.utf8())) }]));
    expect(e).toBeInstanceOf(TypeMismatchError);
    expect(e.message).toMatch(/^agg s: sum expects a number, got utf8/);
  });

  it("keeps a hash sharding on the same (or a subset of the) keys; otherwise declares hash on the keys", () => {
    const agg = [{ name: "n", agg: Expr.aggregate("count", null) }];
    const byLoc = argScan(TRIPS, Sharding.hash(["PULocationID"], "x"));
    const same = AggregateNode.create(GroupByNode.create(byLoc, ["PULocationID"]), agg);
    expect(same.sharding).toBe(byLoc.sharding);
    const superset = AggregateNode.create(GroupByNode.create(byLoc, ["PULocationID", "fare_amount"]), agg);
    expect(superset.sharding).toBe(byLoc.sharding);
    const other = AggregateNode.create(GroupByNode.create(argScan(TRIPS, Sharding.hash(["fare_amount"], "x")), ["PULocationID"]), agg);
    expect(other.sharding).toEqual(Sharding.hash(["PULocationID"], "x"));
    const block = AggregateNode.create(GroupByNode.create(argScan(TRIPS, Sharding.block("x")), ["PULocationID"]), agg);
    expect(block.sharding).toEqual(Sharding.hash(["PULocationID"], "x"));
    expect(AggregateNode.create(GroupByNode.create(argScan(), ["PULocationID"]), agg).sharding).toEqual(Sharding.single);
  });

  it("grouping a replicated input stays replicated (every rank computes every group; no rank owns a key)", () => {
    const agg = [{ name: "n", agg: Expr.aggregate("count", null) }];
    const a = AggregateNode.create(GroupByNode.create(argScan(TRIPS, Sharding.replicated("x")), ["PULocationID"]), agg);
    expect(a.sharding).toEqual(Sharding.replicated("x"));
  });

  it("a global aggregate is single on single input and replicated on distributed input", () => {
    const agg = [{ name: "n", agg: Expr.aggregate("count", null) }];
    expect(AggregateNode.create(argScan(), agg).sharding).toEqual(Sharding.single);
    expect(AggregateNode.create(argScan(TRIPS, Sharding.block("x")), agg).sharding).toEqual(Sharding.replicated("x"));
  });
});

describe("Join", () => {
  const L = argScan(schema([field("id", t.int32, false), field("name", t.utf8()), field("v", t.float64, false)]), Sharding.single, "l", 0);
  const R = argScan(schema([field("id", t.int64, true), field("v", t.float64, false), field("w", t.bool, false)]), Sharding.single, "r", 1);

  it.each([
    ["inner", "{id:int64, name:utf8?, v:float64, v_right:float64, w:bool}"],
    ["left", "{id:int64, name:utf8?, v:float64, v_right:float64?, w:bool?}"],
    ["right", "{id:int64?, name:utf8?, v:float64?, v_right:float64, w:bool}"],
    // unmatched rows of either side keep their own key, so the key is nullable when either side's is
    ["full", "{id:int64?, name:utf8?, v:float64?, v_right:float64?, w:bool?}"],
    // semi/anti keep the left rows unchanged: left columns only, left types
    ["semi", "{id:int32, name:utf8?, v:float64}"],
    ["anti", "{id:int32, name:utf8?, v:float64}"],
  ] as [JoinHow, string][])("%s join output schema", (how, want) => {
    const j = JoinNode.create(L, R, how, ["id"]);
    expect(fmt(j)).toBe(want);
    expect(j.how).toBe(how);
  });

  it("a full join's key is nullable when only the left key is", () => {
    const l = argScan(schema([field("k", t.int32, true)]), Sharding.single, "l");
    const r = argScan(schema([field("k", t.int32, false)]), Sharding.single, "r", 1);
    expect(fmt(JoinNode.create(l, r, "full", ["k"]))).toBe("{k:int32?}");
    expect(fmt(JoinNode.create(r, r, "full", ["k"]))).toBe("{k:int32}");
  });

  it("joins on differently named keys, dropping the right key, with a custom suffix", () => {
    const r = argScan(schema([field("user_id", t.int32, false), field("name", t.utf8(), false)]), Sharding.single, "r", 1);
    const j = JoinNode.create(L, r, "left", ["id"], ["user_id"], "_u");
    expect(fmt(j)).toBe("{id:int32, name:utf8?, v:float64, name_u:utf8?}");
  });

  it("rejects a name that still clashes after the suffix", () => {
    const l = argScan(schema([field("id", t.int32), field("v", t.int32), field("v_right", t.int32)]), Sharding.single, "l");
    const e = thrown(() => JoinNode.create(l, R, "inner", ["id"]));
    expect(e).toBeInstanceOf(PlanValidationError);
    expect(e.message).toMatch(/right column "v" clashes with "v_right" even after the suffix/);
  });

  it("validates keys: count, existence, type compatibility", () => {
    expect(() => JoinNode.create(L, R, "inner", [])).toThrowError(PlanValidationError);
    expect(() => JoinNode.create(L, R, "inner", ["id", "v"], ["id"])).toThrowError(/same, non-zero number of keys/);
    const e = thrown(() => JoinNode.create(L, R, "inner", ["idd"], ["id"]));
    expect(e).toBeInstanceOf(ColumnNotFoundError);
    expect(e.message).toMatch(/^join \(left key\): no column named "idd"\. Did you mean "id"\?/);
    expect(() => JoinNode.create(L, R, "inner", ["id"], ["vv"])).toThrowError(/^join \(right key\): no column named "vv"/);
    const s = thrown(() => JoinNode.create(L, R, "inner", ["name"], ["id"]));
    expect(s).toBeInstanceOf(TypeMismatchError);
    expect(s.message).toMatch(/key name is utf8 on the left and int64 on the right\. Cast one side/);
  });

  it("sharding: single×single is single; hash on the left keys is kept; a broadcast right keeps the left's", () => {
    expect(JoinNode.create(L, R, "inner", ["id"]).sharding).toEqual(Sharding.single);
    const lh = argScan(L.schema, Sharding.hash(["id"], "x"), "l");
    expect(JoinNode.create(lh, R, "inner", ["id"]).sharding).toBe(lh.sharding);
    const lb = argScan(L.schema, Sharding.block("x"), "l");
    const rr = argScan(R.schema, Sharding.replicated("x"), "r", 1);
    expect(JoinNode.create(lb, rr, "left", ["id"]).sharding).toBe(lb.sharding);
    expect(JoinNode.create(lb, R, "inner", ["id"]).sharding).toEqual(Sharding.hash(["id"], "x"));
    const rb = argScan(R.schema, Sharding.block("y"), "r", 1);
    expect(JoinNode.create(L, rb, "inner", ["id"]).sharding).toEqual(Sharding.hash(["id"], "y"));
  });
});

describe("Union", () => {
  const a = argScan(schema([field("k", t.int32, false), field("s", t.utf8(true), false)]), Sharding.single, "a");
  const b = argScan(schema([field("k", t.float64, false), field("s", t.utf8(), true)]), Sharding.single, "b", 1);

  it("widens types and nullability column by column", () => {
    expect(fmt(UnionNode.create([a, b]))).toBe("{k:float64, s:utf8?}");
    expect(fmt(UnionNode.create([a]))).toBe(formatSchema(a.schema));
    expect(fmt(UnionNode.create([a, a]))).toBe("{k:int32, s:dict<utf8>}");
  });

  it("rejects no inputs, misaligned columns and incompatible types", () => {
    expect(() => UnionNode.create([])).toThrowError(PlanValidationError);
    const swapped = ProjectNode.select(b, ["s", "k"]);
    const e = thrown(() => UnionNode.create([a, swapped]));
    expect(e).toBeInstanceOf(PlanValidationError);
    expect(e.message).toMatch(/same columns in the same order/);
    expect(e.message).toContain("first: {k:int32, s:dict<utf8>}");
    expect(e.message).toContain("other: {s:utf8?, k:float64}");
    expect(() => UnionNode.create([a, ProjectNode.select(b, ["k"])])).toThrowError(PlanValidationError);
    expect(() => UnionNode.create([ProjectNode.select(b, ["k"]), a])).toThrowError(PlanValidationError);
    // a first input with no columns must not hide the others' columns
    expect(() => UnionNode.create([ProjectNode.select(b, []), a])).toThrowError(/same columns in the same order/);
    const c = argScan(schema([field("k", t.utf8()), field("s", t.utf8())]), Sharding.single, "c", 2);
    const m = thrown(() => UnionNode.create([a, c]));
    expect(m).toBeInstanceOf(TypeMismatchError);
    expect(m.message).toMatch(/column k has incompatible types/);
  });

  it("is single when every input is, else block on the first distributed axis", () => {
    expect(UnionNode.create([a, b]).sharding).toEqual(Sharding.single);
    const h = argScan(b.schema, Sharding.hash(["k"], "x"), "h", 3);
    expect(UnionNode.create([a, h]).sharding).toEqual(Sharding.block("x"));
  });
});

describe("Limit, Sort, Repartition, CustomUDF", () => {
  it("Limit validates count and offset", () => {
    const l = LimitNode.create(argScan(), 10, 5);
    expect([l.count, l.offset]).toEqual([10, 5]);
    expect(LimitNode.create(argScan(), 0).offset).toBe(0);
    for (const [n, o] of [[-1, 0], [1.5, 0], [10, -1], [10, 0.5], [Number.NaN, 0], [Infinity, 0]] as [number, number][]) {
      expect(() => LimitNode.create(argScan(), n, o), `${n} ${o}`).toThrowError(PlanValidationError);
    }
    expect(() => LimitNode.create(argScan(), -1)).toThrowError(/non-negative integers, got -1 and 0/);
  });

  it("Sort checks its keys and passes schema and sharding through", () => {
    const input = argScan(TRIPS, Sharding.block());
    const s = SortNode.create(input, [{ column: "fare_amount", descending: true, nullsLast: true }]);
    expect(s.schema).toBe(input.schema);
    expect(s.sharding).toBe(input.sharding);
    expect(() => SortNode.create(input, [{ column: "fare", descending: false, nullsLast: true }])).toThrowError(/^sort: no column named "fare"/);
  });

  it("Repartition declares its sharding and checks hash keys", () => {
    const r = RepartitionNode.create(argScan(), Sharding.hash(["PULocationID"], "x"), true);
    expect(r.sharding).toEqual(Sharding.hash(["PULocationID"], "x"));
    expect(r.strict).toBe(true);
    expect(RepartitionNode.create(argScan(), Sharding.block()).strict).toBe(false);
    expect(() => RepartitionNode.create(argScan(), Sharding.hash(["PULocationId"]))).toThrowError(/^repartition: no column named "PULocationId"\. Did you mean "PULocationID"\?/);
    expect(() => RepartitionNode.create(argScan(), Sharding.hash([]))).toThrowError(/^repartition: a hash sharding needs at least one key column/);
  });

  it("CustomUDF declares its output schema, checks what it reads, and forgets hash keys", () => {
    const out = schema([field("score", t.float32, false)]);
    const u = CustomUdfNode.create(argScan(TRIPS, Sharding.hash(["PULocationID"])), "score", "vectorized", ["fare_amount"], out);
    expect(u.schema).toBe(out);
    expect(u.sharding).toEqual(Sharding.block());
    expect(CustomUdfNode.create(argScan(), "score", "row", [], out).sharding).toEqual(Sharding.single);
    expect(() => CustomUdfNode.create(argScan(), "score", "row", ["fare"], out)).toThrowError(/^udf score: no column named "fare"/);
  });
});

describe("sharding helpers", () => {
  it("colocates: single and replicated always; hash when its keys are among the grouping keys; block never", () => {
    expect(colocates(Sharding.single, ["a"])).toBe(true);
    expect(colocates(Sharding.replicated(), ["a"])).toBe(true);
    expect(colocates(Sharding.hash(["a"]), ["a", "b"])).toBe(true);
    expect(colocates(Sharding.hash(["a", "b"]), ["a"])).toBe(false);
    expect(colocates(Sharding.block(), ["a"])).toBe(false);
  });

  it("sameSharding compares kind, axis and key order", () => {
    expect(sameSharding(Sharding.hash(["a", "b"]), Sharding.hash(["a", "b"]))).toBe(true);
    expect(sameSharding(Sharding.hash(["a", "b"]), Sharding.hash(["b", "a"]))).toBe(false);
    expect(sameSharding(Sharding.hash(["a"], "x"), Sharding.hash(["a"], "y"))).toBe(false);
    expect(sameSharding(Sharding.block(), Sharding.replicated())).toBe(false);
    expect(sameSharding(Sharding.single, Sharding.single)).toBe(true);
  });

  it("formatSharding and renameSharding", () => {
    expect(formatSharding(Sharding.hash(["a", "b"]))).toBe("@hash(a, b)");
    expect(formatSharding(Sharding.single)).toBe("");
    expect(renameSharding(Sharding.hash(["a", "b"], "x"), (k) => (k === "a" ? "z" : k))).toEqual(Sharding.hash(["z", "b"], "x"));
    expect(renameSharding(Sharding.hash(["a", "b"], "x"), (k) => (k === "a" ? undefined : k))).toEqual(Sharding.block("x"));
    expect(renameSharding(Sharding.replicated("x"), () => undefined)).toEqual(Sharding.replicated("x"));
  });
});

describe("immutability", () => {
  it("every node and its arrays are frozen", () => {
    const kinds = new Set<string>();
    walkPlan(everyKindPlan(), (n) => {
      kinds.add(n.kind);
      expect(Object.isFrozen(n), n.kind).toBe(true);
      expect(Object.isFrozen(n.schema), n.kind).toBe(true);
      expect(Object.isFrozen(n.schema.fields), n.kind).toBe(true);
      expect(Object.isFrozen(n.sharding), n.kind).toBe(true);
      for (const v of Object.values(n)) if (Array.isArray(v)) expect(Object.isFrozen(v), `${n.kind} array`).toBe(true);
    });
    expect([...kinds].sort()).toEqual(["Aggregate", "CustomUDF", "Filter", "GroupBy", "Join", "Limit", "Map", "Project", "Repartition", "Scan", "Sort", "Union"]);
  });

  it("factories copy the caller's arrays instead of aliasing them", () => {
    const keys = ["PULocationID"];
    const g = GroupByNode.create(argScan(), keys);
    keys.push("fare_amount");
    expect(g.keys).toEqual(["PULocationID"]);
    const assignments = [{ name: "x", expr: f64(1) }];
    const m = MapNode.create(argScan(), assignments);
    assignments[0]!.name = "y";
    expect(m.assignments[0]!.name).toBe("x");
    expect(() => {
      (m as unknown as { schema: unknown }).schema = null;
    }).toThrow(TypeError);
  });
});

describe("withChildren, transformUp, walkPlan", () => {
  it("childrenOf lists inputs left to right", () => {
    const l = argScan(TRIPS, Sharding.single, "l", 0);
    const r = argScan(TRIPS, Sharding.single, "r", 1);
    const j = JoinNode.create(l, r, "semi", ["PULocationID"]);
    expect(childrenOf(j)).toEqual([l, r]);
    expect(childrenOf(l)).toEqual([]);
  });

  it("withChildren returns the node itself when nothing changed, else a re-validated rebuild", () => {
    const scan = argScan();
    const f = FilterNode.create(scan, call("gt", [col("fare_amount"), f64(0)]));
    expect(withChildren(f, [scan])).toBe(f);
    const narrower = ProjectNode.select(scan, ["fare_amount", "tip_amount"]);
    const rebuilt = withChildren(f, [narrower]);
    expect(rebuilt).not.toBe(f);
    expect(rebuilt.kind).toBe("Filter");
    expect(fmt(rebuilt)).toBe("{fare_amount:float64?, tip_amount:float64?}");
    expect(() => withChildren(f, [ProjectNode.select(scan, ["tip_amount"])])).toThrowError(ColumnNotFoundError);
  });

  it("withChildren recomputes sharding", () => {
    const scan = argScan();
    const g = GroupByNode.create(scan, ["PULocationID"]);
    const agg = AggregateNode.create(g, [{ name: "n", agg: Expr.aggregate("count", null) }]);
    const hashed = RepartitionNode.create(scan, Sharding.hash(["PULocationID"], "x"));
    const re = withChildren(agg, [withChildren(g, [hashed])]);
    expect(re.sharding).toEqual(Sharding.hash(["PULocationID"], "x"));
  });

  it("transformUp rewrites bottom-up and leaves untouched trees identical", () => {
    const plan = everyKindPlan();
    expect(transformUp(plan, (n) => n)).toBe(plan);
    const order: string[] = [];
    transformUp(plan, (n) => {
      order.push(n.kind);
      return n;
    });
    expect(order[0]).toBe("Scan");
    expect(order.at(-1)).toBe("Limit");
    // drop the strict repartition: everything above it is rebuilt, the Limit at the top included
    const out = transformUp(plan, (n) => (RepartitionNode.is(n) ? n.input : n));
    const kinds: string[] = [];
    walkPlan(out, (n) => kinds.push(n.kind));
    expect(kinds).not.toContain("Repartition");
    expect(out).not.toBe(plan);
  });

  it("transformUp keeps a shared subplan shared and rewrites it once", () => {
    const scan = argScan();
    const shared = FilterNode.create(scan, call("gt", [col("fare_amount"), f64(0)]));
    const plan = UnionNode.create([shared, shared]);
    let calls = 0;
    const out = transformUp(plan, (n) => {
      if (FilterNode.is(n)) {
        calls++;
        return FilterNode.create(n.input, call("gt", [col("fare_amount"), f64(1)]));
      }
      return n;
    });
    expect(calls).toBe(1);
    expect(UnionNode.is(out) && out.inputs[0] === out.inputs[1]).toBe(true);
    expect(printPlan(out).split("\n")).toHaveLength(4);
  });

  it("walkPlan visits parents before children and shared nodes once", () => {
    const scan = argScan();
    const plan = UnionNode.create([scan, scan, LimitNode.create(scan, 1)]);
    const seen: PlanNode[] = [];
    walkPlan(plan, (n) => seen.push(n));
    expect(seen.map((n) => n.kind)).toEqual(["Union", "Scan", "Limit"]);
  });
});
